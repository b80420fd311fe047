// Writes the golden final Messages for the SSE recordings: for every tests/data/sse/*.sse (and the
// hand-made edge cases in tests/data/sse_cases/*.sse) the exact bytes are handed to the official
// TypeScript SDK's beta MessageStream (client.beta.messages.stream with a fetch that answers with
// those bytes; nothing leaves the process) and its finalMessage(), minus the SDK's helper field
// `parsed_output`, is written to tests/data/golden/<name>.json. A stream the SDK rejects gives
// {"sdk_error": "<message>"}.
//
// usage: cd tests/sdk && npm ci && node gen_goldens.mjs [file.sse...]
import Anthropic from '@anthropic-ai/sdk';
import { readFileSync, readdirSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const data = resolve(here, '..', 'data');
const goldenDir = join(data, 'golden');

function sseFiles() {
  const files = [];
  for (const folder of ['sse', 'sse_cases']) {
    const dir = join(data, folder);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).sort()) {
      if (name.endsWith('.sse')) files.push(join(dir, name));
    }
  }
  return files;
}

// Runs the SDK over exactly `bytes`, delivered in one chunk, and returns its final Message or
// {sdk_error}.
export async function sdkFinalMessage(bytes) {
  const client = new Anthropic({
    apiKey: 'test-key-not-used',
    baseURL: 'http://127.0.0.1:9',
    maxRetries: 0,
    fetch: async () =>
      new Response(
        new ReadableStream({
          start(controller) {
            if (bytes.length) controller.enqueue(new Uint8Array(bytes));
            controller.close();
          },
        }),
        { status: 200, headers: { 'content-type': 'text/event-stream', 'request-id': 'req_golden' } },
      ),
  });
  const stream = client.beta.messages.stream({
    model: 'claude-golden',
    max_tokens: 1024,
    messages: [{ role: 'user', content: 'golden' }],
  });
  try {
    const message = await stream.finalMessage();
    // JSON round trip: evaluates the lazy `input` getters and drops undefined fields and the
    // non-enumerable helpers, exactly as a JSON.stringify of the message would.
    const plain = JSON.parse(JSON.stringify(message));
    delete plain.parsed_output;
    return plain;
  } catch (err) {
    return { sdk_error: String(err?.message ?? err) };
  }
}

async function main() {
  const args = process.argv.slice(2);
  const files = args.length ? args.map((f) => resolve(f)) : sseFiles();
  mkdirSync(goldenDir, { recursive: true });
  for (const file of files) {
    const result = await sdkFinalMessage(readFileSync(file));
    const out = join(goldenDir, basename(file, '.sse') + '.json');
    writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
    console.log(`${basename(out)}: ${result.sdk_error ? 'sdk_error: ' + result.sdk_error : 'ok'}`);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
