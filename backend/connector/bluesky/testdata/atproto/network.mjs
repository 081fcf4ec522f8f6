// Starts the AT Protocol dev network (PLC, PDS with real rate limits,
// AppView, Ozone) from @atproto/dev-env and a small control server the Go
// tests drive the customer's side through, with the official @atproto/api
// client, so the customer's posts and facets come from independent code.
//
//   node --import ./loopback.mjs network.mjs READY_FILE
//
// Environment: DB_POSTGRES_URL, REDIS_HOST (private instances started by
// scripts/test-bluesky.sh). Ports are picked by dev-env's own allocator
// (fixed ones could collide with the ports it picks for its other
// services). When the network is up it writes READY_FILE (JSON: URLs and
// the accounts) and runs until killed.
import fs from 'node:fs/promises'
import http from 'node:http'
import { TestNetwork } from '@atproto/dev-env'
import { AtpAgent, RichText } from '@atproto/api'
import * as jose from 'jose'
import { createSecretKeyObject } from '@atproto/pds'

const readyFile = process.argv[2]

const network = await TestNetwork.create({
  dbPostgresSchema: 'careinbox',
  pds: { hostname: 'localhost', rateLimitsEnabled: true, enableDidDocWithSession: true },
  plc: {},
  ozone: { dbMaterializedViewRefreshIntervalMs: 600_000 },
})
const pdsUrl = `http://127.0.0.1:${network.pds.port}`

// The PDS proxies chat.bsky.* to did:web:api.bsky.chat, which it would
// resolve on the internet. There is no open chat service: the DID resolves
// here to the control server, which answers every chat call 501. The
// connector's tests use an app password without DM access, which the PDS
// refuses (400 InvalidToken "Bad token method") once the DID resolves and
// before anything is proxied — exactly what bsky.social answers.
const chatDid = 'did:web:api.bsky.chat'
let controlUrl = ''
const didResolver = network.pds.ctx.idResolver.did
const resolveDid = didResolver.resolve.bind(didResolver)
didResolver.resolve = async (did, ...rest) =>
  did === chatDid
    ? { '@context': ['https://www.w3.org/ns/did/v1'], id: chatDid,
        service: [{ id: '#bsky_chat', type: 'BskyChatService', serviceEndpoint: `${controlUrl}/chat` }] }
    : resolveDid(did, ...rest)

// Accounts: the shop (whose handle Care Inbox connects) and two customers.
const agents = {}
const accounts = {}
async function account(name, handle) {
  const password = `${name}-password`
  const agent = new AtpAgent({ service: pdsUrl })
  await agent.createAccount({ handle, email: `${name}@example.com`, password })
  agents[name] = agent
  accounts[name] = { handle, did: agent.session.did, password }
}
await account('shop', 'askyourshop.test') // "shop" alone is a reserved handle
await account('ana', 'ana-lindqvist.test')
await account('ben', 'ben.test')
// The app password the shop pastes into Care Inbox: without DM access, as
// most are, so the chat stream is refused by the PDS itself.
const appPass = await agents.shop.com.atproto.server.createAppPassword({ name: 'care-inbox', privileged: false })
accounts.shop.appPassword = appPass.data.password
await network.processAll()

async function body(req) {
  const chunks = []
  for await (const c of req) chunks.push(c)
  return chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {}
}

// A further account with an app password (without DM access), e.g. one
// whose sign-in budget a test may spend.
async function newAccount(b) {
  await account(b.name, b.handle)
  const p = await agents[b.name].com.atproto.server.createAppPassword({ name: 'care-inbox', privileged: false })
  accounts[b.name].appPassword = p.data.password
  await network.processAll()
  return accounts[b.name]
}

// A post by a customer: text with facets detected by @atproto/api's
// RichText, an optional createdAt (a slow phone clock) and an optional
// parent to reply to. Waits until the AppView has indexed it.
async function post(b) {
  const agent = agents[b.as]
  const rt = new RichText({ text: b.text })
  if (!b.raw) await rt.detectFacets(agent) // raw: the text as is, for the PDS to judge
  const rec = { $type: 'app.bsky.feed.post', text: rt.text, facets: rt.facets, createdAt: b.createdAtRaw ?? b.createdAt ?? new Date().toISOString() }
  if (b.replyTo) {
    const { data } = await agent.getPosts({ uris: [b.replyTo] })
    const parent = data.posts[0]
    const root = parent.record.reply?.root ?? { uri: parent.uri, cid: parent.cid }
    rec.reply = { root, parent: { uri: parent.uri, cid: parent.cid } }
  }
  const res = await agent.com.atproto.repo.createRecord({ repo: agent.session.did, collection: 'app.bsky.feed.post', record: rec })
  await network.processAll()
  return { uri: res.data.uri, cid: res.data.cid }
}

// A threadgate by the post's author on their root post: allow is the
// list of rules (empty: nobody may reply).
async function threadgate(b) {
  const agent = agents[b.as]
  const rkey = b.uri.split('/').pop()
  await agent.com.atproto.repo.createRecord({ repo: agent.session.did, collection: 'app.bsky.feed.threadgate', rkey,
    record: { $type: 'app.bsky.feed.threadgate', post: b.uri, allow: b.allow ?? [], createdAt: new Date().toISOString() } })
  await network.processAll()
  return {}
}

// The replies to a post as the AppView shows them to a customer, with the
// mention and link segments @atproto/api's RichText reads from the text and
// facets, and the reply refs of the record.
async function replies(b) {
  await network.processAll()
  const { data } = await agents[b.as].getPostThread({ uri: b.uri, depth: 1 })
  return (data.thread.replies ?? []).map((r) => {
    const rt = new RichText({ text: r.post.record.text, facets: r.post.record.facets })
    const mentions = []
    const links = []
    for (const seg of rt.segments()) {
      if (seg.isMention()) mentions.push({ text: seg.text, did: seg.mention.did })
      if (seg.isLink()) links.push({ text: seg.text, uri: seg.link.uri })
    }
    const ref = r.post.record.reply ?? {}
    return { uri: r.post.uri, author: r.post.author.did, text: r.post.record.text, graphemes: rt.graphemeLength, mentions, links,
      root: ref.root?.uri ?? '', parent: ref.parent?.uri ?? '' }
  })
}

// An access token for the shop that expired a minute ago, signed as the
// PDS signs them, to make the connector refresh its session for real.
async function expiredToken() {
  const key = createSecretKeyObject('jwt-secret')
  const now = Math.floor(Date.now() / 1000)
  const jwt = await new jose.SignJWT({ scope: 'com.atproto.appPass' })
    .setProtectedHeader({ typ: 'at+jwt', alg: 'HS256' })
    .setAudience(network.pds.ctx.cfg.service.did)
    .setSubject(accounts.shop.did)
    .setIssuedAt(now - 7200)
    .setExpirationTime(now - 60)
    .sign(key)
  // A refresh token from a real session of the app password.
  const a = new AtpAgent({ service: pdsUrl })
  await a.login({ identifier: accounts.shop.handle, password: accounts.shop.appPassword })
  return { accessJwt: jwt, refreshJwt: a.session.refreshJwt }
}

const routes = { '/account': newAccount, '/post': post, '/threadgate': threadgate, '/replies': replies, '/expired-token': expiredToken, '/process': async () => (await network.processAll(), {}) }
const control = http.createServer(async (req, res) => {
  try {
    const path = new URL(req.url, 'http://x').pathname
    if (path.startsWith('/chat/')) {
      res.writeHead(501, { 'content-type': 'application/json' })
        .end(JSON.stringify({ error: 'MethodNotImplemented', message: 'no chat service in the dev network' }))
      return
    }
    const route = routes[path]
    if (!route) throw Object.assign(new Error(`no route ${req.url}`), { status: 404 })
    const out = await route(await body(req))
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(out))
  } catch (err) {
    res.writeHead(err.status ?? 500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: String(err?.stack ?? err) }))
  }
})
await new Promise((resolve) => control.listen(0, '127.0.0.1', resolve))
controlUrl = `http://127.0.0.1:${control.address().port}`

await fs.writeFile(readyFile, JSON.stringify({ pds: pdsUrl, control: controlUrl, accounts }))
console.log(`atproto network ready: PDS ${pdsUrl}, control ${controlUrl}`)

async function stop() {
  control.close()
  try { await network.close() } catch {}
  process.exit(0)
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
