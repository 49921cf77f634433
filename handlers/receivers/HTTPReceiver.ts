/**
 * Stands in for @slack/bolt's HTTPReceiver in the Slack function's bundle, and only there.
 *
 * Bolt's App module requires its HTTP and Socket Mode receivers at load, though it only builds
 * one when it is given no receiver; the gateway always gives it an AwsLambdaReceiver. Bundled,
 * the two would be evaluated at every cold start: the OAuth installer, jsonwebtoken, raw-body
 * and http-errors here, undici and the Socket Mode client beside. So the Slack function marks
 * `./receivers/HTTPReceiver` external (scripts/externals.json, template.yaml) and ships this
 * file as a second entry point, at receivers/HTTPReceiver.js beside the bundle, where that
 * require finds it. Should Bolt ever try to build one, it fails here, loudly.
 */
export default class HTTPReceiver {
  constructor() {
    throw new Error('the Lambda bundle of the Slack gateway has no HTTPReceiver: give Bolt its AwsLambdaReceiver');
  }
}
