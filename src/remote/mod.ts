// Public surface of remote evaluation on PostgreSQL: the evaluation queue (pg-boss), the
// coordinator's evaluator that queues jobs, and the worker that takes them.
export { evaluatorBuild } from "./build.ts";
export {
  type EvaluationJob,
  type JobTarget,
  QUEUE_PREFIX,
  queueName,
  type QueueOptions,
  RESULTS_SCHEMA,
} from "./queue.ts";
export {
  RemoteEvaluator,
  type RemoteEvaluatorOptions,
  type WorkerFault,
} from "./remote_evaluator.ts";
export { describeMismatch, EvaluationWorker, type EvaluationWorkerOptions } from "./worker.ts";
