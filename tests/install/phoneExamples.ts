import type { Scalar } from "../../src/domain/plan/changes";

/**
 * Phone examples shared by Check (parsePhone) and the live highlight: the
 * highlight must agree with Check on every one of them (tests/install/highlighting.test.ts).
 */
export const PHONES_ACCEPTED: Scalar[] = [
  "13712345678",
  "138 1234 5678",
  "138-1234-5678",
  13712345679,
  "+86 137 1234 5678",
  "008613812345678",
  "010-87654321",
  "(010)12345678",
  "0571-8888888",
  "021 1234 5678",
  "01012345678",
  "057112345678",
  "010/12345678",
  "010.12345678",
  "021-12345678 转 123",
  "010-12345678 转 123",
  "021-12345678转123",
  "021-12345678 分机 8001",
  "021-12345678 ext. 12",
  "021-12345678 EXT 12",
  "021-12345678x123",
  "0755-1234567#8",
  "010-12345678-123",
  "+86 10 12345678",
  "+44 20 7123 4567",
  "+1 (212) 555-0100",
  "0044 20 7123 4567",
  "+44 20 7123 4567 ext 12",
];

export const PHONES_REJECTED: Scalar[] = [
  "12345",
  "1381234567",
  "138123456789",
  "12812345678",
  "12345678",
  "1234567",
  "13812345678 转 1",
  "13812345678 ext 12",
  "abc",
  "138-1234-567a",
  "010-123",
  "+12",
  "13812345678/13912345678",
];

/** Where the one-pass formula cannot follow Check (see src/domain/formulas/phoneRule.ts): Check rejects, the highlight stays off. */
export const PHONES_CHECK_ONLY: Scalar[] = ["0571-123456", "010-01234567", "010-1234567890123", "+1234567890123456"];
