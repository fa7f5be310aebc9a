// The official JavaScript apify-client, unchanged, against mocklink: every
// flow of issue 11 as a user writes it, with only the base URL swapped.
// Usage: MOCKLINK_URL=http://127.0.0.1:PORT node flows.mjs CLIENT_DIR
// (CLIENT_DIR holds node_modules/apify-client of the version under test).
// Prints one line per flow, `PASS name` or `FAIL name: why`; exits 1 on any
// failure.
import { createRequire } from 'node:module';
import path from 'node:path';

const dir = path.resolve(process.argv[2]);
const require = createRequire(path.join(dir, 'package.json'));
const { ApifyClient, ApifyApiError } = require('apify-client');
const version = require('apify-client/package.json').version;

const BASE = process.env.MOCKLINK_URL;
const TOKEN = 'apify_api_demo';
const ACTOR = 'atomus~linkedin-profile-scraper';
const client = new ApifyClient({ token: TOKEN, baseUrl: BASE });
const urls = (n, prefix = 'js') =>
  Array.from({ length: n }, (_, i) => `https://www.linkedin.com/in/${prefix}-${i}/`);

let failed = 0;
const results = [];
async function flow(name, fn) {
  try {
    await fn();
    results.push(`PASS ${name}`);
  } catch (e) {
    failed += 1;
    results.push(`FAIL ${name}: ${e && e.stack ? e.stack.split('\n').slice(0, 3).join(' | ') : e}`);
  }
}
function check(cond, what) {
  if (!cond) throw new Error(what);
}
async function expectApiError(fn, status, type) {
  try {
    await fn();
  } catch (e) {
    check(e instanceof ApifyApiError, `expected ApifyApiError, got ${e && e.constructor && e.constructor.name}: ${e}`);
    check(e.statusCode === status, `statusCode ${e.statusCode}, expected ${status}`);
    check(e.type === type, `type ${e.type}, expected ${type}`);
    check(typeof e.message === 'string' && e.message.length > 0, 'message missing');
    return e;
  }
  throw new Error(`expected ApifyApiError ${status} ${type}, got success`);
}
async function journal(query) {
  const r = await fetch(`${BASE}/__admin/requests?${query}`);
  return (await r.json()).requests;
}

let called;
await flow('default call()', async () => {
  called = await client.actor(ACTOR).call({ urls: urls(2) });
  check(called.status === 'SUCCEEDED', `status ${called.status}`);
  check(typeof called.defaultDatasetId === 'string', 'no defaultDatasetId');
});

await flow('start() + waitForFinish()', async () => {
  const run = await client.actor(ACTOR).start({ urls: urls(3, 'wait') });
  check(['READY', 'RUNNING', 'SUCCEEDED'].includes(run.status), `status ${run.status}`);
  const done = await client.run(run.id).waitForFinish();
  check(done.status === 'SUCCEEDED', `status ${done.status}`);
  check(done.finishedAt instanceof Date, 'finishedAt not a date');
});

await flow('lastRun().dataset().listItems()', async () => {
  const page = await client.actor(ACTOR).lastRun().dataset().listItems();
  check(page.items.length === 3 && page.total === 3 && page.count === 3, JSON.stringify({ ...page, items: page.items.length }));
  check(page.desc === false && page.offset === 0, `desc ${page.desc} offset ${page.offset}`);
  check(page.items[0].url === 'https://www.linkedin.com/in/wait-0/', page.items[0].url);
});

await flow('iterate items (for await)', async () => {
  const seen = [];
  const list = client.dataset(called.defaultDatasetId).listItems();
  if (typeof list[Symbol.asyncIterator] === 'function') {
    for await (const item of list) seen.push(item.url);
  } else {
    // Before async iteration existed: page by hand as its docs show.
    for (let offset = 0; ; offset += 1) {
      const page = await client.dataset(called.defaultDatasetId).listItems({ offset, limit: 1 });
      if (page.items.length === 0) break;
      seen.push(page.items[0].url);
    }
  }
  check(seen.length === 2, `saw ${seen.length} items`);
});

await flow("downloadItems('csv')", async () => {
  const csv = (await client.dataset(called.defaultDatasetId).downloadItems('csv')).toString('utf8');
  const lines = csv.replace(/^\ufeff/, '').trim().split('\n');
  check(lines.length === 3, `${lines.length} lines`);
  check(lines[0].split(',').includes('url'), lines[0]);
});

await flow("getRecord('INPUT')", async () => {
  const rec = await client.keyValueStore(called.defaultKeyValueStoreId).getRecord('INPUT');
  check(rec && rec.key === 'INPUT', JSON.stringify(rec));
  check(JSON.stringify(rec.value) === JSON.stringify({ urls: urls(2) }), JSON.stringify(rec.value));
  check(String(rec.contentType).startsWith('application/json'), rec.contentType);
  check((await client.keyValueStore(called.defaultKeyValueStoreId).recordExists('INPUT')) === true, 'recordExists');
});

await flow('abort()', async () => {
  const run = await client.actor(ACTOR).start({ urls: urls(50, 'abort') });
  const aborted = await client.run(run.id).abort();
  check(['ABORTING', 'ABORTED'].includes(aborted.status), `status ${aborted.status}`);
  const done = await client.run(run.id).waitForFinish();
  check(done.status === 'ABORTED', `status ${done.status}`);
  const page = await client.dataset(run.defaultDatasetId).listItems();
  check(page.items.length < 50, `${page.items.length} items after abort`);
});

await flow('50-URL input (compressed)', async () => {
  const run = await client.actor(ACTOR).call({ urls: urls(50, 'fifty') });
  check(run.status === 'SUCCEEDED', `status ${run.status}`);
  const page = await client.dataset(run.defaultDatasetId).listItems();
  check(page.items.length === 50 && page.total === 50, `${page.items.length} items`);
  const starts = (await journal('provider=apify&limit=1000')).filter(
    (e) => e.method === 'POST' && e.path.endsWith('/runs') && JSON.stringify(e.requestBody || '').includes('fifty-49'),
  );
  const enc = starts.length ? starts[0].headers['x-mocklink-content-encoding'] : undefined;
  check(enc === 'gzip' || enc === 'br', `the body arrived with content-encoding ${enc}`);
});

await flow('error: bad token', async () => {
  const bad = new ApifyClient({ token: 'apify_api_wrong', baseUrl: BASE });
  await expectApiError(() => bad.actor(ACTOR).call({ urls: urls(1) }), 401, 'token-not-valid');
});

await flow('error: no token', async () => {
  const none = new ApifyClient({ baseUrl: BASE });
  await expectApiError(() => none.actor(ACTOR).start({ urls: urls(1) }), 401, 'token-not-provided');
});

await flow('error: unknown actor', async () => {
  await expectApiError(() => client.actor('nobody~no-such-actor').call({ urls: urls(1) }), 404, 'actor-not-found');
  check((await client.actor('nobody~no-such-actor').get()) === undefined, 'get() of an unknown actor is not undefined');
});

await flow('error: bad input', async () => {
  await expectApiError(() => client.actor(ACTOR).call({ urls: [] }), 400, 'invalid-input');
  await expectApiError(() => client.actor(ACTOR).call(), 400, 'invalid-input');
});

await flow('error: unknown run', async () => {
  check((await client.run('NoSuchRun00000000').get()) === undefined, 'get() of an unknown run is not undefined');
  await expectApiError(() => client.run('NoSuchRun00000000').abort(), 404, 'record-not-found');
});

console.log(`apify-client (JavaScript) ${version}`);
for (const r of results) console.log(`  ${r}`);
process.exit(failed ? 1 : 0);
