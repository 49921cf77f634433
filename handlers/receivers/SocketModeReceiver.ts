/**
 * Stands in for @slack/bolt's SocketModeReceiver in the Slack function's bundle, and only there:
 * see ./HTTPReceiver. Socket Mode (the CLI's local app) runs from node_modules, with the real one.
 */
export default class SocketModeReceiver {
  constructor() {
    throw new Error('the Lambda bundle of the Slack gateway has no Socket Mode: give Bolt its AwsLambdaReceiver');
  }
}
