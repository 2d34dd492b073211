/**
 * Lead search (issue 15 item 3): customer, contact, phone or lead ID, as the
 * seller types. The index is built once per read of the leads; a query then
 * answers from it:
 *
 * - exact, prefix and contained matches on text folded for comparison
 *   (full-width to half-width, case, spaces and punctuation dropped); a
 *   phone is compared by its digits after the Phone rule's normalisation,
 *   so `138 0013 8000`, `+86 138-0013-8000` and full-width digits all find
 *   `13800138000`;
 * - typos (an edit: a wrong, missing or extra character, or two swapped):
 *   Latin text within 1 edit (4–7 characters typed) or 2 (8 or
 *   more) of some part of the field; Chinese text (3 or more characters)
 *   within one wrong, missing or extra character, or (2 or more) with all
 *   its characters present in another order; a whole phone number with one
 *   wrong digit. Candidates come from posting lists (characters of the
 *   text fields, digit pairs of the phones): an edit removes at most one
 *   character, or three pairs, the field shares with the query, so only the
 *   fields sharing enough are compared edit by edit.
 */
import type { Lead } from "../model";
import { parsePhone } from "../parse/phones";
import { toHalfWidth } from "../parse/result";
import { topK } from "./topK";

export type SearchField = "leadId" | "customer" | "contact" | "phone";
/** Best first: the whole field, its start, somewhere in it, with typos, the same characters in another order. */
export type MatchKind = "exact" | "prefix" | "contains" | "typo" | "characters";

export interface SearchHit {
  leadId: string;
  /** Worksheet row in Leads. */
  row: number;
  customer: string;
  /** Why it matched: which field, how, and the field's text ("" for a phone when contacts are hidden). */
  field: SearchField;
  kind: MatchKind;
  text: string;
  /** Edits between the query and the matched part (typo matches; 0 otherwise). */
  distance: number;
}

export interface SearchResult {
  hits: SearchHit[];
  /** Leads that matched, of which `hits` are the best. */
  total: number;
}

const KINDS: readonly MatchKind[] = ["exact", "prefix", "contains", "typo", "characters"];
const FIELDS: readonly SearchField[] = ["leadId", "customer", "contact", "phone"];
const FIELD_BONUS: Record<SearchField, number> = { leadId: 4, phone: 3, customer: 2, contact: 1 };
const KIND_SCORE: Record<MatchKind, number> = { exact: 100, prefix: 80, contains: 60, typo: 40, characters: 30 };
/** Longer queries are cut here (nobody types more to find a lead; the candidate counters are bytes). */
const MAX_QUERY = 64;

export interface Haystack {
  joined: string;
  /** Start offset in `joined` and entry ID of each text, in order. */
  starts: Int32Array;
  entries: Int32Array;
}

function haystack(keys: readonly string[], entries: readonly number[]): Haystack {
  const starts = new Int32Array(entries.length);
  let at = 0;
  entries.forEach((e, j) => {
    starts[j] = at;
    at += keys[e].length + 1;
  });
  return { joined: entries.map((e) => keys[e]).join("\n"), starts, entries: Int32Array.from(entries) };
}

/** Every occurrence of q (no line feed in it) in the haystack: the entry and whether it is at its start. */
function scan(h: Haystack, q: string, found: (entry: number, atStart: boolean, whole: boolean) => void): void {
  const { joined, starts, entries } = h;
  let lastEntry = -1;
  for (let pos = joined.indexOf(q); pos >= 0; pos = joined.indexOf(q, pos + 1)) {
    // The text holding pos: the last start at or before it.
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= pos) lo = mid;
      else hi = mid - 1;
    }
    const atStart = starts[lo] === pos;
    if (lo === lastEntry && !atStart) continue;
    lastEntry = lo;
    const end = lo + 1 < starts.length ? starts[lo + 1] - 1 : joined.length;
    found(entries[lo], atStart, atStart && end - pos === q.length);
  }
}

export interface SearchIndex {
  leads: readonly Lead[];
  hideContacts: boolean;
  /** Per entry (one per lead and non-blank field): the lead's position, the field, the folded text. */
  entryLead: Int32Array;
  entryField: Uint8Array;
  keys: string[];
  /**
   * The folded texts joined by a line feed (which folding removes, so a match
   * never spans two), phones apart from the other fields: a query is one
   * string search through each instead of a search per entry.
   */
  text: Haystack;
  phones: Haystack;
  /** Entry IDs per character of a customer or contact (unigrams) and per digit pair of a phone (bigrams). */
  unigrams: Map<string, Int32Array>;
  bigrams: Map<string, Int32Array>;
}

/** Text folded for comparison: NFKC (full-width to half-width), lower case, spaces, punctuation and symbols removed. */
export function searchKey(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, "");
}

/**
 * A phone as digits: the Phone rule's normalised number when it reads as one
 * (so +86 and the trunk 0 are handled as Check handles them), else the digits typed.
 */
export function phoneKey(text: string): string {
  const p = parsePhone(text);
  const s = p.ok && p.value !== null ? p.value.normalized : toHalfWidth(text);
  return s.replace(/\D+/g, "");
}

/** Query text that is a phone being typed: digits with phone punctuation only, at least three digits. */
function phoneQuery(q: string): string | null {
  const t = toHalfWidth(q).trim();
  if (!/^\+?[\d\s\-()./]+$/.test(t)) return null;
  const digits = t.replace(/\D+/g, "");
  if (digits.length < 3) return null;
  // A complete number reads as the Phone rule reads it; a part of one as its digits (with a +86 / 0086 prefix dropped).
  const whole = phoneKey(t);
  if (parsePhone(t).ok) return whole;
  return /^(\+|00)86/.test(t.replace(/[\s\-()./]+/g, "")) ? digits.replace(/^(00)?86/, "") : digits;
}

function isCjk(code: number): boolean {
  return code >= 0x2e80;
}

function fieldText(lead: Lead, f: SearchField): string {
  return lead[f];
}

function typoSearchable(f: SearchField): boolean {
  return f !== "leadId";
}

export function buildSearchIndex(leads: readonly Lead[], opts: { hideContacts?: boolean } = {}): SearchIndex {
  const entryLead: number[] = [];
  const entryField: number[] = [];
  const keys: string[] = [];
  const uni = new Map<string, number[]>();
  const bi = new Map<string, number[]>();
  const post = (m: Map<string, number[]>, g: string, e: number) => {
    const list = m.get(g);
    if (list === undefined) m.set(g, [e]);
    else if (list[list.length - 1] !== e) list.push(e);
  };
  for (let i = 0; i < leads.length; i++) {
    const lead = leads[i];
    for (let f = 0; f < FIELDS.length; f++) {
      const field = FIELDS[f];
      const raw = fieldText(lead, field);
      if (raw === "") continue;
      const key = field === "phone" ? phoneKey(raw) : searchKey(raw);
      if (key === "") continue;
      const e = keys.length;
      keys.push(key);
      entryLead.push(i);
      entryField.push(f);
      if (!typoSearchable(field)) continue;
      if (field === "phone") for (let j = 0; j + 1 < key.length; j++) post(bi, key.slice(j, j + 2), e);
      else for (let j = 0; j < key.length; j++) post(uni, key[j], e);
    }
  }
  const freeze = (m: Map<string, number[]>) => new Map([...m].map(([g, l]) => [g, Int32Array.from(l)]));
  const phoneF = FIELDS.indexOf("phone");
  const phoneEntries: number[] = [];
  const textEntries: number[] = [];
  entryField.forEach((f, e) => (f === phoneF ? phoneEntries : textEntries).push(e));
  return {
    leads,
    hideContacts: opts.hideContacts ?? false,
    text: haystack(keys, textEntries),
    phones: haystack(keys, phoneEntries),
    entryLead: Int32Array.from(entryLead),
    entryField: Uint8Array.from(entryField),
    keys,
    unigrams: freeze(uni),
    bigrams: freeze(bi),
  };
}

/**
 * Fewest edits turning `q` into some substring of `s` (Sellers' algorithm; an
 * edit is a wrong, missing or extra character, or two neighbours swapped),
 * capped at k + 1.
 */
export function substringDistance(q: string, s: string, k: number): number {
  const L = q.length;
  if (rows[0].length <= L) for (let r = 0; r < 4; r++) rows[r] = new Int32Array(2 * (L + 1));
  const qc = rows[3];
  for (let j = 0; j < L; j++) qc[j] = q.charCodeAt(j);
  let prev2 = rows[0];
  let prev = rows[1];
  let cur = rows[2];
  for (let j = 0; j <= L; j++) prev[j] = j;
  let best = prev[L];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const before = i > 0 ? s.charCodeAt(i - 1) : -1;
    cur[0] = 0;
    for (let j = 1; j <= L; j++) {
      const sub = prev[j - 1] + (qc[j - 1] === c ? 0 : 1);
      const del = prev[j] + 1;
      const ins = cur[j - 1] + 1;
      let v = sub < del ? (sub < ins ? sub : ins) : del < ins ? del : ins;
      if (j > 1 && qc[j - 1] === before && qc[j - 2] === c && prev2[j - 2] + 1 < v) v = prev2[j - 2] + 1;
      cur[j] = v;
    }
    if (cur[L] < best) best = cur[L];
    const t = prev2;
    prev2 = prev;
    prev = cur;
    cur = t;
  }
  return best > k ? k + 1 : best;
}

/** Scratch rows of substringDistance (reused: a query compares thousands of fields). */
const rows: Int32Array[] = [new Int32Array(66), new Int32Array(66), new Int32Array(66), new Int32Array(66)];

/** Allowed edits for a query of this folded text: Chinese one character; Latin 1 from 4 characters, 2 from 8. */
function allowedEdits(q: string, cjk: boolean, field: SearchField): number {
  if (field === "phone") return q.length >= 10 ? 1 : 0;
  // Two characters with one wrong would be half a name: Chinese typos from three characters.
  if (cjk) return q.length >= 3 ? 1 : 0;
  return q.length >= 8 ? 2 : q.length >= 4 ? 1 : 0;
}

/** Leads matching `query`, best first (kind of match, then field: lead ID, phone, customer, contact; then sheet order). */
export function searchLeads(index: SearchIndex, query: string, limit = 20): SearchResult {
  const qKey = searchKey(query).slice(0, MAX_QUERY);
  const qPhone = phoneQuery(query);
  if (qKey === "" && qPhone === null) return { hits: [], total: 0 };
  const { keys, entryLead, entryField } = index;
  const n = index.leads.length;
  // Best match per lead: its score and entry (−1 = none).
  const bestScore = new Float64Array(n);
  const bestEntry = new Int32Array(n).fill(-1);
  const bestKind = new Uint8Array(n);
  const bestDistance = new Uint8Array(n);
  const touched: number[] = [];
  const offer = (e: number, kind: MatchKind, distance: number) => {
    const li = entryLead[e];
    const field = FIELDS[entryField[e]];
    const score = KIND_SCORE[kind] - 5 * distance + FIELD_BONUS[field];
    if (bestEntry[li] < 0) touched.push(li);
    else if (score <= bestScore[li]) return;
    bestScore[li] = score;
    bestEntry[li] = e;
    bestKind[li] = KINDS.indexOf(kind);
    bestDistance[li] = distance;
  };
  // 1. The whole field, its start, or somewhere in it: one string search through the folded texts.
  const direct = (entry: number, atStart: boolean, whole: boolean) =>
    offer(entry, whole ? "exact" : atStart ? "prefix" : "contains", 0);
  if (qKey !== "") scan(index.text, qKey, direct);
  if ((qPhone ?? qKey) !== "") scan(index.phones, qPhone ?? qKey, direct);
  // 2. Typos, on the candidates the posting lists give.
  // Digits alone are a phone or an ID being typed, not a name with a typo.
  const covered = (e: number) => {
    const li = entryLead[e];
    return bestEntry[li] >= 0 && bestScore[li] >= KIND_SCORE.contains;
  };
  if (!/^\d+$/.test(qKey)) fuzzy(index, qKey, false, offer, covered);
  if (qPhone !== null) fuzzy(index, qPhone, true, offer, covered);
  const order = (a: number, b: number) =>
    bestScore[b] - bestScore[a] || keys[bestEntry[a]].length - keys[bestEntry[b]].length || a - b;
  const hits = topK(touched, Math.max(0, limit), order).map((li): SearchHit => {
    const lead = index.leads[li];
    const field = FIELDS[entryField[bestEntry[li]]];
    return {
      leadId: lead.leadId,
      row: lead.row,
      customer: lead.customer,
      field,
      kind: KINDS[bestKind[li]],
      text: field === "phone" && index.hideContacts ? "" : fieldText(lead, field),
      distance: bestDistance[li],
    };
  });
  return { hits, total: touched.length };
}

function fuzzy(
  index: SearchIndex,
  q: string,
  phoneOnly: boolean,
  offer: (e: number, kind: MatchKind, distance: number) => void,
  /** The entry's lead already matched without a typo (nothing to gain from comparing). */
  covered: (e: number) => boolean,
): void {
  if (q.length < 2) return;
  let cjk = false;
  for (let j = 0; j < q.length; j++) if (isCjk(q.charCodeAt(j))) cjk = true;
  const maxK = phoneOnly ? allowedEdits(q, false, "phone") : allowedEdits(q, cjk, "customer");
  // Chinese characters in another order: a query of Chinese characters only (digits and letters in any order are no name).
  let allCjk = !phoneOnly;
  for (let j = 0; j < q.length && allCjk; j++) if (!isCjk(q.charCodeAt(j))) allCjk = false;
  if (maxK === 0 && !allCjk) return;
  // Text: distinct characters of the query; a phone: distinct digit pairs (single digits would pick nearly every phone).
  // An edit removes at most one character the field shares with the query, and at most three pairs (a swap).
  const grams = new Set<string>();
  if (!phoneOnly) for (const ch of q) grams.add(ch);
  else for (let j = 0; j + 1 < q.length; j++) grams.add(q.slice(j, j + 2));
  const postings = phoneOnly ? index.bigrams : index.unigrams;
  const counts = new Uint8Array(index.keys.length);
  const candidates: number[] = [];
  const need = Math.max(1, grams.size - (phoneOnly ? 3 : 1) * maxK);
  for (const g of grams) {
    const list = postings.get(g);
    if (list === undefined) continue;
    for (let p = 0; p < list.length; p++) {
      const e = list[p];
      if (++counts[e] === need) candidates.push(e);
    }
  }
  const phoneF = FIELDS.indexOf("phone");
  for (const e of candidates) {
    const field = FIELDS[index.entryField[e]];
    if (phoneOnly !== (index.entryField[e] === phoneF) || covered(e)) continue;
    const key = index.keys[e];
    const k = allowedEdits(q, cjk, field);
    if (k > 0) {
      const dist = substringDistance(q, key, k);
      if (dist <= k) {
        offer(e, "typo", dist);
        continue;
      }
    }
    // Chinese: every character of the query is in the field, in another order.
    if (allCjk && counts[e] === grams.size) offer(e, "characters", 0);
  }
}
