/** Signed Slack requests for tests: the same module the local demo uses. */
export { buttonBody, slackSignature, slashCommandBody } from '../../src/sandbox/sign';
