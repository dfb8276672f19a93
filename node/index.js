'use strict'
// The JavaScript half of the package: objects to JSON text and back, and the crate's
// error documents to MassageRulesError. Every decision is one native call (src/lib.rs),
// which is one crate call; nothing here decides anything.

const native = require('./native.js')

/** Every error of the rules: `kind` names it, `problems` lists every problem at once. */
class MassageRulesError extends Error {
  constructor(message, problems = [], kind = 'error') {
    super(message)
    this.name = new.target.name
    Object.defineProperty(this, 'kind', { value: kind, enumerable: true })
    this.problems = problems
  }
}

/** An argument of a type the rules cannot read. */
class InvalidTypeError extends MassageRulesError {
  constructor(message) {
    super(message, [], 'invalid_type')
  }
}

/** A hook request the service cannot answer; `status` is the HTTP status. */
class HookRefusedError extends MassageRulesError {
  constructor(message, status) {
    super(message, [], 'hook_refused')
    this.status = status
  }
}

// One class a kind of the crate's errors (`invalid_input` is `InvalidInputError`), made
// from the crate's own table.
const errors = {}
const byKind = new Map()
for (const kind of native.errorKinds()) {
  const name = kind.replace(/(^|_)([a-z])/g, (_, __, c) => c.toUpperCase()) + 'Error'
  const made = {
    [name]: class extends MassageRulesError {
      constructor(message, problems) {
        super(message, problems, kind)
      }
    },
  }[name]
  errors[name] = made
  byKind.set(kind, made)
}

// Thrown by napi when an argument is not of the declared type.
const TYPE_CODES = new Set([
  'InvalidArg', 'ObjectExpected', 'StringExpected', 'NameExpected', 'FunctionExpected',
  'NumberExpected', 'BooleanExpected', 'ArrayExpected', 'BigintExpected',
])

/** The crate's (or napi's) error as this package's. */
function converted(e) {
  if (e && e.code === 'MassageRulesError') {
    const doc = JSON.parse(e.message)
    const Class = byKind.get(doc.error) || MassageRulesError
    const error = new Class(doc.message, doc.problems || [])
    if (doc.line !== undefined) {
      error.line = doc.line
      error.column = doc.column
    }
    return error
  }
  if (e && e.code === 'HookRefused') {
    const doc = JSON.parse(e.message)
    return new HookRefusedError(doc.message, doc.status)
  }
  if (e && TYPE_CODES.has(e.code)) {
    return new InvalidTypeError(e.message)
  }
  return e
}

function call(fn) {
  try {
    return fn()
  } catch (e) {
    throw converted(e)
  }
}

const strict = new TextDecoder('utf-8', { fatal: true })
const TEXT = Symbol('massage-rules JSON text')

/** An input as JSON text: text as it is, bytes read as UTF-8, an object written. */
function text(value, name) {
  if (typeof value === 'string') {
    return value
  }
  if (value instanceof Uint8Array) {
    try {
      return strict.decode(value)
    } catch {
      throw new errors.InvalidJsonError(`${name} is not UTF-8`)
    }
  }
  if (value !== null && typeof value === 'object') {
    if (typeof value[TEXT] === 'string') {
      // An answer of this package: the crate's own text, unchanged.
      return value[TEXT]
    }
    try {
      return JSON.stringify(value)
    } catch (e) {
      throw new errors.InvalidJsonError(`${name} cannot be written as JSON: ${e.message}`)
    }
  }
  throw new InvalidTypeError(
    `${name} must be an object, its JSON text or UTF-8 bytes, not ${value === null ? 'null' : typeof value}`,
  )
}

function optionalText(value, name) {
  return value === undefined || value === null ? null : text(value, name)
}

/** The crate's JSON text as a value; `toJSON()` gives the crate's JSON unchanged. */
function answer(json) {
  const value = JSON.parse(json)
  if (value !== null && typeof value === 'object') {
    Object.defineProperty(value, TEXT, { value: json })
    Object.defineProperty(value, 'toJSON', { value: () => JSON.parse(json) })
  }
  return value
}

// Protocols: the native class behind one of this package's, so that its errors are
// converted and its inputs read as above.
const NATIVE = new WeakMap()
const MADE = Symbol('made by the package')

/** A protocol: every threshold and pairing of the rules, versioned. Immutable. */
class Protocol {
  constructor(made, inner) {
    if (made !== MADE) {
      throw new TypeError('make a protocol with Protocol.seed(), .conservative(), .fromJson(), ...')
    }
    NATIVE.set(this, inner)
    Object.freeze(this)
  }

  static seed() {
    return new Protocol(MADE, native.Protocol.seed())
  }

  static conservative() {
    return new Protocol(MADE, native.Protocol.conservative())
  }

  static fromJson(value) {
    return new Protocol(MADE, call(() => native.Protocol.fromJson(text(value, 'the protocol'))))
  }

  static builtinVariant(name) {
    return new Protocol(MADE, call(() => native.Protocol.builtinVariant(name)))
  }

  static variantNames() {
    return native.Protocol.variantNames()
  }

  static fromVariantFile(value) {
    return new Protocol(MADE, call(() => native.Protocol.fromVariantFile(text(value, 'the variant file'))))
  }

  applyVariant(value) {
    return new Protocol(MADE, call(() => nativeOf(this).applyVariant(text(value, 'the variant file'))))
  }

  diff(other) {
    return answer(call(() => nativeOf(this).diffJson(nativeOf(other))))
  }

  diffText(other) {
    return call(() => nativeOf(this).diffText(nativeOf(other)))
  }

  toJSON() {
    return JSON.parse(call(() => nativeOf(this).toJsonText()))
  }

  get id() {
    return nativeOf(this).id
  }

  get version() {
    return nativeOf(this).version
  }

  get title() {
    return nativeOf(this).title
  }

  get stamp() {
    return nativeOf(this).stamp
  }
}

function nativeOf(protocol) {
  const inner = NATIVE.get(protocol)
  if (inner === undefined) {
    throw new InvalidTypeError('a protocol must be a Protocol (Protocol.seed(), ...)')
  }
  return inner
}

let seedProtocol
function protocolOr(protocol) {
  if (protocol === undefined || protocol === null) {
    seedProtocol = seedProtocol || native.Protocol.seed()
    return seedProtocol
  }
  if (typeof protocol !== 'object') {
    throw new InvalidTypeError('a protocol must be a Protocol (Protocol.seed(), ...)')
  }
  return nativeOf(protocol)
}

const screenJson = (intake, protocol) =>
  call(() => native.screenJson(text(intake, 'the intake'), protocolOr(protocol)))
const planJson = (intake, protocol) =>
  call(() => native.planJson(text(intake, 'the intake'), protocolOr(protocol)))
const carePlanJson = (request, protocol) =>
  call(() => native.carePlanJson(text(request, 'the care request'), protocolOr(protocol)))
const rescheduleJson = (plan, session, to) => {
  if (!Number.isInteger(session) || session < 0 || session > 0xffffffff) {
    throw new InvalidTypeError(`the session must be a whole number from 0, not ${String(session)}`)
  }
  if (typeof to !== 'string') {
    throw new InvalidTypeError('the new start must be a string: YYYY-MM-DDTHH:MM or YYYY-MM-DD')
  }
  return call(() => native.rescheduleJson(text(plan, 'the care plan'), session, to))
}

/** The options argument: absent, or an object. */
function optionsOf(options) {
  if (options === undefined || options === null) {
    return {}
  }
  if (typeof options !== 'object') {
    throw new InvalidTypeError('the options must be an object')
  }
  return options
}

/** A patient reference: absent, or a string. */
function patientOf(options) {
  const { patient } = options
  if (patient === undefined || patient === null) {
    return null
  }
  if (typeof patient !== 'string') {
    throw new InvalidTypeError('the patient must be a string such as "Patient/1"')
  }
  return patient
}

module.exports = {
  screen: (intake, protocol) => answer(screenJson(intake, protocol)),
  screenJson,
  plan: (intake, protocol) => answer(planJson(intake, protocol)),
  planJson,
  carePlan: (request, protocol) => answer(carePlanJson(request, protocol)),
  carePlanJson,
  reschedule: (plan, session, to) => answer(rescheduleJson(plan, session, to)),
  rescheduleJson,
  appointmentBookCheck: (request, proposed, options) => {
    const o = optionsOf(options)
    return answer(call(() => native.appointmentBookCheckJson(
      text(request, 'the care request'),
      text(proposed, 'the proposed appointments'),
      optionalText(o.booked, 'the booked appointments'),
      protocolOr(o.protocol),
    )))
  },
  answerAppointmentBook: (request, options) => {
    const o = optionsOf(options)
    return answer(call(() => native.answerAppointmentBookJson(
      text(request, 'the hook request'),
      optionalText(o.timing, 'the timing'),
      protocolOr(o.protocol),
    )))
  },
  claims: (request, protocol) =>
    answer(call(() => native.claimsJson(text(request, 'the coding request'), protocolOr(protocol)))),
  questionnaire: () => answer(call(() => native.questionnaireJson())),
  questionnaireResponse: (intake) =>
    answer(call(() => native.questionnaireResponseJson(text(intake, 'the intake')))),
  intakeFromQuestionnaireResponse: (response) =>
    answer(call(() => native.intakeFromQuestionnaireResponseJson(text(response, 'the response')))),
  carePlanFhir: (request, options) => {
    const o = optionsOf(options)
    return answer(call(() => native.carePlanFhirJson(
      text(request, 'the care request'), patientOf(o), protocolOr(o.protocol),
    )))
  },
  detectedIssues: (intake, options) => {
    const o = optionsOf(options)
    return answer(call(() => native.detectedIssuesJson(
      text(intake, 'the intake'), patientOf(o), protocolOr(o.protocol),
    )))
  },
  screenMany: async (intakes, protocol) => {
    if (intakes === null || typeof intakes !== 'object' || typeof intakes[Symbol.iterator] !== 'function') {
      throw new InvalidTypeError('the intakes must be an iterable of intakes')
    }
    const texts = Array.from(intakes, (intake, i) => text(intake, `intake ${i}`))
    let done
    try {
      done = await native.screenManyJson(texts, protocolOr(protocol))
    } catch (e) {
      throw converted(e)
    }
    return done.json.map((json, i) =>
      done.ok[i] ? answer(json) : converted({ code: 'MassageRulesError', message: json }))
  },
  errorKinds: () => native.errorKinds(),
  version: () => native.version(),
  Protocol,
  MassageRulesError,
  InvalidTypeError,
  HookRefusedError,
  ...errors,
}
