/**
 * `deriv grade`'s public face: a task and submissions in, a score with per-step feedback out.
 *
 *   task.yaml ──loadTask──▶ Task        submission ──readSubmission──▶ derivation (steps)
 *     ──gradeSubmission (Judge: the checker, cached; jump.ts: rule applications per step)──▶
 *   GradeResult ──toCsv / toJson / feedbackText──▶ platform, teacher, student
 */
export { loadTask, formatTaskErrors, DEFAULT_RUBRIC, type Task, type TaskError, type TaskResult, type Rubric } from './task.js';
export { gradeSubmission } from './grade.js';
export { Judge, type CacheStats } from './judge.js';
export { gradeBatch, gradeStream, defaultJobs, workersAvailable, type BatchOptions, type TaskSource } from './batch.js';
export { toCsv, toJson, feedbackText, summaryText, CSV_COLUMNS, JSON_VERSION } from './output.js';
export { writeGrades, type GradeSinks, type Written as WrittenGrades } from './write.js';
export { readSubmission, loadSubmission, formatOf, SUBMISSION_LIMITS, submissionError } from './submission.js';
export { FORMS, type FormId } from './forms.js';
export type * from './types.js';
