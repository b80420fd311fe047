// The benchmark peer: the official TypeScript SDK accumulating a recorded .sse file, to compare
// with bench_sse_throughput (and, later, claudette-cli against the fake server).
//
// The file is read from disk first; then the SDK's client.beta.messages.stream() gets it from a
// fetch that answers with those bytes in 16 KiB chunks (nothing leaves the process), and
// finalMessage() is awaited. Prints the wall time of the accumulation only.
//
// usage: node tests/bench/sdk_stream_peer.mjs FILE.sse [runs]
//   (needs tests/sdk/node_modules: cd tests/sdk && npm ci)
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(resolve(here, '..', 'sdk', 'package.json'));
const { default: Anthropic } = await import(require.resolve('@anthropic-ai/sdk'));

const file = process.argv[2];
const runs = Number(process.argv[3] ?? 5);
if (!file) {
  console.error('usage: node tests/bench/sdk_stream_peer.mjs FILE.sse [runs]');
  process.exit(2);
}
const bytes = readFileSync(file);
const CHUNK = 16 * 1024;

async function once() {
  const client = new Anthropic({
    apiKey: 'bench-key-not-used',
    baseURL: 'http://127.0.0.1:9',
    maxRetries: 0,
    fetch: async () => {
      let at = 0;
      return new Response(
        new ReadableStream({
          pull(controller) {
            if (at >= bytes.length) return controller.close();
            controller.enqueue(new Uint8Array(bytes.buffer, bytes.byteOffset + at, Math.min(CHUNK, bytes.length - at)));
            at += CHUNK;
          },
        }),
        { status: 200, headers: { 'content-type': 'text/event-stream' } },
      );
    },
  });
  const start = process.hrtime.bigint();
  const stream = client.beta.messages.stream({ model: 'bench', max_tokens: 1, messages: [{ role: 'user', content: 'x' }] });
  const message = await stream.finalMessage();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const text = message.content.filter((b) => b.type === 'text').map((b) => b.text).join('').length;
  return { ms, text };
}

const times = [];
let text = 0;
for (let i = 0; i < runs; i++) {
  const r = await once();
  times.push(r.ms);
  text = r.text;
}
times.sort((a, b) => a - b);
const mb = bytes.length / 1e6;
const best = times[0];
const median = times[Math.floor(times.length / 2)];
console.log(`SDK ${process.version} @anthropic-ai/sdk beta MessageStream: ${mb.toFixed(1)} MB, final text ${text} UTF-16 units`);
console.log(`wall best ${best.toFixed(1)} ms (${(mb / (best / 1e3)).toFixed(1)} MB/s) | median ${median.toFixed(1)} ms (${(mb / (median / 1e3)).toFixed(1)} MB/s)`);
