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

const FIELDS: readonly SearchField[] = ["leadId", "customer", "contact", "phone"];
const FIELD_BONUS: Record<SearchField, number> = { leadId: 4, phone: 3, customer: 2, contact: 1 };
const KIND_SCORE: Record<MatchKind, number> = { exact: 100, prefix: 80, contains: 60, typo: 40, characters: 30 };
/** Longer queries are cut here (nobody types more to find a lead; the candidate counters are bytes). */
const MAX_QUERY = 64;

export interface SearchIndex {
  leads: readonly Lead[];
  hideContacts: boolean;
  /** Per entry (one per lead and non-blank field): the lead's position, the field, the folded text. */
  entryLead: Int32Array;
  entryField: Uint8Array;
  keys: string[];
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
  return {
    leads,
    hideContacts: opts.hideContacts ?? false,
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
  let prev2 = new Array<number>(L + 1).fill(0);
  let prev = new Array<number>(L + 1);
  let cur = new Array<number>(L + 1);
  for (let j = 0; j <= L; j++) prev[j] = j;
  let best = prev[L];
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    cur[0] = 0;
    for (let j = 1; j <= L; j++) {
      const sub = prev[j - 1] + (q[j - 1] === c ? 0 : 1);
      const del = prev[j] + 1;
      const ins = cur[j - 1] + 1;
      let v = sub < del ? (sub < ins ? sub : ins) : del < ins ? del : ins;
      if (i > 0 && j > 1 && q[j - 1] === s[i - 1] && q[j - 2] === c && prev2[j - 2] + 1 < v) v = prev2[j - 2] + 1;
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
  const bestKind: MatchKind[] = [];
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
    bestKind[li] = kind;
    bestDistance[li] = distance;
  };
  const phoneF = FIELDS.indexOf("phone");
  // 1. The whole field, its start, or somewhere in it: one pass over the folded texts.
  for (let e = 0; e < keys.length; e++) {
    const q = entryField[e] === phoneF ? (qPhone ?? qKey) : qKey;
    if (q === "") continue;
    const key = keys[e];
    if (key.length < q.length) continue;
    const at = key.indexOf(q);
    if (at < 0) continue;
    offer(e, at === 0 ? (key.length === q.length ? "exact" : "prefix") : "contains", 0);
  }
  // 2. Typos, on the candidates the posting lists give.
  fuzzy(index, qKey, false, offer);
  if (qPhone !== null) fuzzy(index, qPhone, true, offer);
  touched.sort((a, b) => bestScore[b] - bestScore[a] || keys[bestEntry[a]].length - keys[bestEntry[b]].length || a - b);
  const hits = touched.slice(0, Math.max(0, limit)).map((li): SearchHit => {
    const lead = index.leads[li];
    const field = FIELDS[entryField[bestEntry[li]]];
    return {
      leadId: lead.leadId,
      row: lead.row,
      customer: lead.customer,
      field,
      kind: bestKind[li],
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
): void {
  if (q.length < 2) return;
  let cjk = false;
  for (let j = 0; j < q.length; j++) if (isCjk(q.charCodeAt(j))) cjk = true;
  const maxK = Math.max(
    allowedEdits(q, cjk, "customer"),
    allowedEdits(q, cjk, "contact"),
    allowedEdits(q, cjk, "phone"),
  );
  if (maxK === 0 && !cjk) return;
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
    if (phoneOnly !== (index.entryField[e] === phoneF)) continue;
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
    if (cjk && field !== "phone" && counts[e] === grams.size && q.length >= 2) offer(e, "characters", 0);
  }
}
