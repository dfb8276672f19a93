'use strict'
// Shared by the tests: generated intakes (a seeded generator, so a failure repeats) and
// the crate's own answers (examples/decide_jsonl).
const { execFileSync } = require('node:child_process')
const fs = require('node:fs')
const path = require('node:path')

const ROOT = path.resolve(__dirname, '..', '..')

function random(seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const PARTS = ['head', 'neck', 'upper_back', 'lower_back', 'chest', 'abdomen', 'hip', 'shoulder',
  'forearm', 'hand', 'thigh', 'knee', 'lower_leg', 'foot']
const PAIRED = new Set(['shoulder', 'forearm', 'hand', 'thigh', 'knee', 'lower_leg', 'foot'])
const REGIONAL = ['infection', 'acute_inflammation', 'skin_condition', 'open_wound', 'cancer', 'blood_clot']
const CONDITIONS = ['back_pain', 'neck_pain', 'stress', 'anxiety', 'muscle_spasm', 'strain', 'sprain',
  'swelling', 'post_operative', 'chronic_inflammation']
const ACUITIES = ['acute', 'injury', 'chronic', 'ongoing']
const ANSWERS = ['yes', 'no', 'unknown', true, false, null]
const PRESSURES = ['light', 'moderate', 'firm', 'deep']
const GOALS = ['relaxation', 'stress_reduction', 'pain_relief', 'mobility']

/** `n` intakes, valid and not (ages past 130, a side missing, unknown words). */
function intakes(n, seed = 1) {
  const r = random(seed)
  const pick = (xs) => xs[Math.floor(r() * xs.length)]
  const location = () => {
    const part = pick(PARTS)
    const side = PAIRED.has(part) && r() < 0.95 ? { side: pick(['left', 'right']) } : {}
    return { part, ...side }
  }
  const out = []
  for (let i = 0; i < n; i++) {
    const day = 1 + Math.floor(r() * 28)
    const intake = {
      assessed_on: `20${20 + Math.floor(r() * 10)}-0${1 + Math.floor(r() * 9)}-${String(day).padStart(2, '0')}`,
      findings: Array.from({ length: Math.floor(r() * 3) }, () => ({ contraindication: pick(REGIONAL), location: location() })),
      practitioner: { licensed: pick(ANSWERS), medical_massage_trained: pick(ANSWERS) },
    }
    if (r() < 0.8) intake.age = Math.floor(r() * 141)
    if (r() < 0.8) intake.pregnant = pick(ANSWERS)
    if (r() < 0.7) intake.history = 'none'
    if (r() < 0.5) intake.pain_tolerance = pick(PRESSURES)
    if (r() < 0.5) intake.goals = [...new Set([pick(GOALS), pick(GOALS)])]
    if (r() < 0.6) {
      intake.conditions = Array.from({ length: 1 + Math.floor(r() * 2) }, () => ({ condition: pick(CONDITIONS), acuity: pick(ACUITIES) }))
    }
    if (r() < 0.02) intake.goals = ['flying']
    out.push(intake)
  }
  return out
}

/** The crate's own answers, a JSON line each. */
function crateAnswers(texts, protocol = 'seed') {
  let exe = process.env.MASSAGE_RULES_DECIDE
  if (!exe) {
    const target = process.env.CARGO_TARGET_DIR || path.join(ROOT, 'target')
    exe = path.join(target, 'debug', 'examples', 'decide_jsonl')
    if (!fs.existsSync(exe)) {
      execFileSync('cargo', ['build', '-q', '--example', 'decide_jsonl'], { cwd: ROOT, stdio: 'inherit' })
    }
  }
  const out = execFileSync(exe, [protocol], { input: texts.join('\n') + '\n', maxBuffer: 1 << 30 })
  return out.toString('utf8').split('\n').filter((l) => l.length > 0)
}

const ADULT = {
  assessed_on: '2027-03-01', age: 45, pregnant: 'no', findings: [], history: 'none',
  conditions: [{ condition: 'back_pain', acuity: 'chronic' }],
  practitioner: { licensed: 'yes', medical_massage_trained: 'yes' },
}

const TIMING = {
  time_zone: 'America/New_York',
  hours: {
    monday: [{ start: '09:00', end: '17:00' }],
    thursday: [{ start: '09:00', end: '17:00' }],
  },
}

module.exports = { ROOT, intakes, crateAnswers, ADULT, TIMING }
