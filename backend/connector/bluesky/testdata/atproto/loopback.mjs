// Preloaded with `node --import`: every server the AT Protocol dev network
// starts listens on 127.0.0.1 unless it names a host itself, so nothing of
// the test network is reachable from outside this machine.
import net from 'node:net'

const listen = net.Server.prototype.listen
net.Server.prototype.listen = function (...args) {
  const first = args[0]
  if (first !== null && typeof first === 'object' && !Array.isArray(first)) {
    if (first.host === undefined && first.path === undefined && first.fd === undefined) {
      args[0] = { ...first, host: '127.0.0.1' }
    }
  } else if (first === undefined || typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    if (typeof args[1] !== 'string') args.splice(1, 0, '127.0.0.1')
  }
  return listen.apply(this, args)
}
