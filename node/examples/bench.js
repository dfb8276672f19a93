'use strict'
// The per-call cost from Node (a benchmark, not a test): `screen` on an object and on a
// string, `screenJson` on a string, against the crate's own `screen_json` measured by
// `cargo bench --bench screening -- screen_json/one_finding` in the same sitting.
// `node examples/bench.js [calls]`
const mr = require('..')

const INTAKE = {
  assessed_on: '2026-11-27', age: 52, pregnant: 'no', history: 'none',
  findings: [{ contraindication: 'open_wound', location: { part: 'forearm', side: 'left' } }],
  practitioner: { licensed: 'yes', medical_massage_trained: 'yes' },
}
const TEXT = JSON.stringify(INTAKE)
const protocol = mr.Protocol.seed()
const calls = Number(process.argv[2] || 200000)

function measure(label, fn) {
  for (let i = 0; i < 10000; i++) fn()
  let best = Infinity
  for (let round = 0; round < 5; round++) {
    const started = process.hrtime.bigint()
    for (let i = 0; i < calls; i++) fn()
    best = Math.min(best, Number(process.hrtime.bigint() - started) / calls)
  }
  console.log(`${label.padEnd(34)} ${(best / 1000).toFixed(2)} us a call`)
}

measure('screenJson(string)', () => mr.screenJson(TEXT, protocol))
measure('screen(string) -> object', () => mr.screen(TEXT, protocol))
measure('screen(object) -> object', () => mr.screen(INTAKE, protocol))
