import { createHash } from 'node:crypto';
import { signV4 } from '../../../src/adapters/aws/cloudformation';

// AWS's Signature Version 4 test suite credentials and date (aws-sig-v4-test-suite).
const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const now = new Date('2015-08-30T12:36:00Z');
const sha = (s: string) => createHash('sha256').update(s).digest('hex');

describe('the Signature Version 4 signer doctor reads CloudFormation with', () => {
  it("signs AWS's get-vanilla request as AWS's test suite does", () => {
    const headers = signV4({
      method: 'GET',
      url: new URL('https://example.amazonaws.com/'),
      body: '',
      region: 'us-east-1',
      service: 'service',
      headers: {},
      credentials,
      now,
    });
    expect(headers.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31',
    );
    expect(headers['x-amz-date']).toBe('20150830T123600Z');
  });

  it('signs a form POST as the SDK’s own signer (@smithy/signature-v4) does', () => {
    // The SDK also signs x-amz-content-sha256; given it, the two must agree to the byte.
    const body = 'Param1=value1';
    const headers = signV4({
      method: 'POST',
      url: new URL('https://example.amazonaws.com/'),
      body,
      region: 'us-east-1',
      service: 'service',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-amz-content-sha256': sha(body) },
      credentials,
      now,
    });
    expect(headers.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date, Signature=3ae685fb42e386f9c46ad18dc31b73536a1fc7867dc5cdc8e34e4b1ee1fe5c50',
    );
  });

  it('signs the session token of temporary credentials', () => {
    const headers = signV4({
      method: 'POST',
      url: new URL('https://cloudformation.eu-west-1.amazonaws.com/'),
      body: 'Action=DescribeStacks',
      region: 'eu-west-1',
      service: 'cloudformation',
      headers: {},
      credentials: { ...credentials, sessionToken: 'session' },
      now,
    });
    expect(headers['x-amz-security-token']).toBe('session');
    expect(headers.authorization).toContain('SignedHeaders=host;x-amz-date;x-amz-security-token,');
  });
});
