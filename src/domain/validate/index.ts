export { checkBook, locateColumns, type CheckBookInput, type Problem, type TableInput } from "./book";
export {
  checkRow,
  isBlankRow,
  makeRuleContext,
  readCell,
  displayValue,
  type FieldIssue,
  type RuleContext,
  type RowGetter,
  type ParsedValue,
} from "./rules";
export { formatMessage, MESSAGES, PROBLEM_CODES, type ProblemCode, type MessageKey } from "./messages";
