'use strict'
// A booking app's own endpoint on node:http: POST a CDS Hooks `appointment-book` request
// and get the hook's cards, as the CDS Hooks service (service/) answers them. It has none
// of the service's security (JWTs, replay, limits per issuer): put it behind your own, or
// run the service. `node examples/server.js [port]`
const http = require('node:http')
const mr = require('..')

const PATH = '/cds-services/massage-rules-appointment-book'
const MAX_BODY = 1 << 20

function send(res, status, body) {
  const text = JSON.stringify(body)
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) })
  res.end(text)
}

function server(protocol = mr.Protocol.seed()) {
  return http.createServer((req, res) => {
    if (req.method !== 'POST' || req.url !== PATH) {
      return send(res, 404, { error: 'not_found', message: `POST ${PATH}` })
    }
    const chunks = []
    let size = 0
    req.on('data', (chunk) => {
      size += chunk.length
      if (size > MAX_BODY) {
        send(res, 413, { error: 'too_large', message: `at most ${MAX_BODY} bytes` })
        req.destroy()
      } else {
        chunks.push(chunk)
      }
    })
    req.on('end', () => {
      if (res.writableEnded) return
      try {
        send(res, 200, mr.answerAppointmentBook(Buffer.concat(chunks), { protocol }))
      } catch (e) {
        if (e instanceof mr.HookRefusedError) {
          send(res, e.status, { error: e.kind, message: e.message })
        } else if (e instanceof mr.MassageRulesError) {
          send(res, 400, { error: e.kind, message: e.message, problems: e.problems })
        } else {
          send(res, 500, { error: 'internal', message: 'the request could not be answered' })
        }
      }
    })
  })
}

module.exports = { server, PATH }

if (require.main === module) {
  const port = Number(process.argv[2] || 3000)
  server().listen(port, '127.0.0.1', () => console.log(`POST http://127.0.0.1:${port}${PATH}`))
}
