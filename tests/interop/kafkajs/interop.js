// kafkajs (a client riffle did not write) against riffle's local broker.
// Usage: node interop.js HOST:PORT phase   (phase: "write" or "reread")
// Prints "ok   - ..." / "FAIL - ..." lines; exits 1 on any failure.
'use strict';
const { Kafka, logLevel } = require('kafkajs');

const [broker, phase] = process.argv.slice(2);
const kafka = new Kafka({ clientId: 'riffle-interop', brokers: [broker], logLevel: logLevel.NOTHING,
                          retry: { retries: 8 } });
const TOPIC = 'kjs-three';
const GROUP = 'kjs-group';
const COUNT = 60;
let failures = 0;
const check = (ok, what, detail) => {
  console.log(`${ok ? 'ok  ' : 'FAIL'} - ${what}${ok || detail === undefined ? '' : ': ' + detail}`);
  if (!ok) failures++;
};
const withTimeout = (promise, ms, what) => Promise.race([
  promise, new Promise((_, reject) => setTimeout(() => reject(new Error(`${what}: timed out`)), ms))]);

async function write() {
  const admin = kafka.admin();
  await admin.connect();
  const created = await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 3 }] });
  check(created === true, 'admin creates a 3-partition topic');
  const meta = await admin.fetchTopicMetadata({ topics: [TOPIC] });
  check(meta.topics[0].partitions.length === 3, 'metadata shows 3 partitions',
        JSON.stringify(meta));
  const again = await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 3 }] });
  check(again === false, 'creating it again reports it exists');
  const topics = await admin.listTopics();
  check(topics.includes(TOPIC), 'listTopics names it', JSON.stringify(topics));

  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const messages = [];
  for (let i = 0; i < COUNT; i++) {
    messages.push({ key: `key-${i % 12}`, value: `value-${i}`, headers: { seq: `${i}`, src: 'kjs' } });
  }
  const acks = await producer.send({ topic: TOPIC, messages, acks: -1 });
  check(acks.length > 1 && acks.every(a => a.errorCode === 0),
        'keyed idempotent producer spreads records over partitions', JSON.stringify(acks));
  await producer.disconnect();

  // Two members in one group split the three partitions between them.
  const seen = new Map();
  const assigned = [new Set(), new Set()];
  const consumers = [0, 1].map(() => kafka.consumer({ groupId: GROUP, sessionTimeout: 10000,
                                                      heartbeatInterval: 500, maxWaitTimeInMs: 200 }));
  for (const c of consumers) {
    await c.connect();
    await c.subscribe({ topic: TOPIC, fromBeginning: true });
  }
  // Both run before we wait, so the group rebalances to two members.
  const done = new Promise(resolve => {
    consumers.forEach((consumer, member) => {
      consumer.on(consumer.events.GROUP_JOIN, e => {
        assigned[member] = new Set(e.payload.memberAssignment[TOPIC] || []);
      });
      consumer.run({
        eachMessage: async ({ partition, message }) => {
          const seq = message.headers.seq.toString();
          seen.set(seq, { member, partition, key: message.key.toString(),
                          value: message.value.toString(), src: message.headers.src.toString() });
          if (seen.size === COUNT) resolve();
        },
      });
    });
  });
  try {
    await withTimeout(done, 60000, 'consuming');
    check(true, `the group reads all ${COUNT} records`);
  } catch (e) {
    check(false, `the group reads all ${COUNT} records`, `${seen.size} seen`);
  }
  // Wait until both members hold partitions (the second join may land after the first reads).
  const until = Date.now() + 30000;
  while (Date.now() < until && (assigned[0].size === 0 || assigned[1].size === 0)) {
    await new Promise(r => setTimeout(r, 200));
  }
  const union = new Set([...assigned[0], ...assigned[1]]);
  const overlap = [...assigned[0]].filter(p => assigned[1].has(p));
  check(assigned[0].size > 0 && assigned[1].size > 0 && union.size === 3 && overlap.length === 0,
        'two members split the 3 partitions', JSON.stringify(assigned.map(s => [...s])));
  let intact = seen.size === COUNT;
  for (const [seq, r] of seen) {
    if (r.value !== `value-${seq}` || r.key !== `key-${seq % 12}` || r.src !== 'kjs') intact = false;
  }
  check(intact, 'keys, values and headers arrive as sent');
  const byKey = new Map();
  for (const r of seen.values()) {
    if (!byKey.has(r.key)) byKey.set(r.key, new Set());
    byKey.get(r.key).add(r.partition);
  }
  check([...byKey.values()].every(s => s.size === 1), 'one key, one partition');
  for (const c of consumers) await c.disconnect();

  const offsets = await admin.fetchOffsets({ groupId: GROUP, topics: [TOPIC] });
  const committed = offsets[0].partitions.reduce((n, p) => n + Number(p.offset), 0);
  check(committed === COUNT, 'the group committed offsets for every record', JSON.stringify(offsets));
  const groups = await admin.listGroups();
  check(groups.groups.some(g => g.groupId === GROUP), 'listGroups names the group');
  await admin.disconnect();
}

// After the broker restarted: the topic, its records and the group's offsets are all still there.
async function reread() {
  const admin = kafka.admin();
  await admin.connect();
  const meta = await admin.fetchTopicMetadata({ topics: [TOPIC] });
  check(meta.topics[0].partitions.length === 3, 'after a restart the topic has 3 partitions');
  const offsets = await admin.fetchTopicOffsets(TOPIC);
  const total = offsets.reduce((n, p) => n + Number(p.high) - Number(p.low), 0);
  check(total === COUNT, `after a restart the topic holds ${COUNT} records`, JSON.stringify(offsets));
  const committed = await admin.fetchOffsets({ groupId: GROUP, topics: [TOPIC] });
  const sum = committed[0].partitions.reduce((n, p) => n + Number(p.offset), 0);
  check(sum === COUNT, 'after a restart the group offsets are kept', JSON.stringify(committed));
  await admin.deleteTopics({ topics: [TOPIC] });
  const left = await admin.listTopics();
  check(!left.includes(TOPIC), 'admin deletes the topic');
  await admin.disconnect();
}

(phase === 'reread' ? reread() : write())
  .catch(e => check(false, `kafkajs ${phase}`, e.stack || String(e)))
  .finally(() => process.exit(failures === 0 ? 0 : 1));
