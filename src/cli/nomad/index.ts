/**
 * Public entry of the `nomad` command emulator: run commands (`runNomad`, `runNomadLine`), split
 * tutorial-style command lines, and the contract for transports that fail to reach an agent.
 */
export { runNomad } from './run-nomad.js';
export { commandNames, findCommand } from './command-tree.js';
export { CommandLineSyntaxError, runNomadLine, splitCommandLine } from './command-line.js';
export {
  type CommandResult,
  DEFAULT_NOMAD_ADDRESS,
  type NomadContext,
  type WorkstationFiles,
} from './context.js';
export {
  isTransportFailure,
  renderTransportError,
  TRANSPORT_FAILURE_KINDS,
  type TransportFailure,
  transportFailure,
  type TransportFailureKind,
} from './transport-error.js';
export { type ConnectionSettings, unexpectedResponseText } from './api-client.js';
export {
  errorResponse,
  jsonResponse,
  type RecordedRequest,
  type RecordingTransport,
  recordingTransport,
} from './recording-transport.js';
