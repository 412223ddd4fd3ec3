// Public surface of the testing aids that tests and benchmarks share: the loopback mock of an
// OpenAI-compatible chat endpoint.
export {
  MockOpenAI,
  type MockReply,
  type MockScript,
  type RecordedRequest,
  startMockOpenAI,
} from "./mock_openai.ts";
