// The whole-process peer of `claudette-cli --json`: the official TypeScript SDK streaming one
// Messages reply over HTTP from claudette-fake-api with client.beta.messages.stream(...)
// .finalMessage(), then printing the final Message as one JSON line (parsed_output, an SDK helper
// field, left out). Run as a fresh `node` process per repetition by tests/bench/sse_throughput.sh.
//
// usage: node tests/bench/sdk_stream_client.mjs BASE_URL
//   (needs tests/sdk/node_modules: cd tests/sdk && npm ci)
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(resolve(here, '..', 'sdk', 'package.json'));
const { default: Anthropic } = await import(require.resolve('@anthropic-ai/sdk'));

const baseURL = process.argv[2];
if (!baseURL) {
  console.error('usage: node tests/bench/sdk_stream_client.mjs BASE_URL');
  process.exit(2);
}
const client = new Anthropic({ apiKey: 'bench-key', baseURL, maxRetries: 0 });
const stream = client.beta.messages.stream({
  model: 'claude-sonnet-4-5',
  max_tokens: 1024,
  messages: [{ role: 'user', content: 'bench' }],
});
const message = await stream.finalMessage();
delete message.parsed_output;
process.stdout.write(JSON.stringify(message) + '\n');
