/**
 * Words for a failed TLS handshake (wss://, https://, mqtts://), whichever client library met
 * it: the raw OpenSSL texts ("unable to verify the first certificate") do not say what is
 * wrong or what to do, and a shop's own or self-signed certificate is the common case.
 */
import { isIP } from 'node:net';
import { connect, type ConnectionOptions, type TLSSocket } from 'node:tls';

/** The certificate chain does not end at a CA this process trusts. */
const UNTRUSTED = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
]);

interface Failure {
  code?: unknown;
  message?: unknown;
  /** fetch (undici) wraps the socket's error here. */
  cause?: unknown;
  /** pusher-js wraps the WebSocket's error event here. */
  error?: unknown;
}

export const NOT_TLS = 'the server does not speak TLS on this port (a plain ws://, http:// or mqtt:// port?)';

/**
 * tls.connect as ws makes it (for its `createConnection`), noting whether the TCP connection came
 * up and the TLS handshake never did: a plain server waiting for the rest of a request (Workerman,
 * PHPSocket.IO) never answers a TLS hello, and the dial only times out.
 */
export function watchedTlsDial(): { connect: (options: ConnectionOptions) => TLSSocket; unanswered: () => boolean } {
  let connected = false;
  let secured = false;
  return {
    connect(options) {
      const host = options.host ?? '';
      const socket = connect({ ...options, servername: options.servername ?? (isIP(host) ? '' : host) });
      socket.once('connect', () => (connected = true));
      socket.once('secureConnect', () => (secured = true));
      return socket;
    },
    unanswered: () => connected && !secured,
  };
}

/**
 * What is wrong with the TLS connection, or undefined when the failure is not a TLS one.
 * `handshaking`: the error came before the TLS handshake finished, so a reset means the server
 * took the handshake for garbage (Mosquitto resets, Aedes and NATS close).
 */
export function describeTlsFailure(error: unknown, { handshaking = false } = {}): string | undefined {
  const top = error as Failure | undefined;
  if (handshaking && (top?.code === 'ECONNRESET' || top?.code === 'EPIPE')) return NOT_TLS;
  for (let failure = error as Failure | undefined, depth = 0; failure && typeof failure === 'object' && depth < 4; depth++) {
    const code = typeof failure.code === 'string' ? failure.code : '';
    const message = typeof failure.message === 'string' ? failure.message : code;
    if (UNTRUSTED.has(code)) {
      return `the server's TLS certificate is not trusted (${message}): a self-signed or private-CA certificate must be trusted first (see "TLS and private certificates" in docs/sources.md)`;
    }
    if (code === 'CERT_HAS_EXPIRED') return `the server's TLS certificate has expired (or this computer's clock is wrong)`;
    if (code === 'CERT_NOT_YET_VALID') return `the server's TLS certificate is not valid yet (or this computer's clock is wrong)`;
    if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return `the server's TLS certificate is not for this address (${message})`;
    // An HTTP server answers a TLS hello with text (wrong version number); others (MQTT, Engine.IO ports) hang up on it.
    if (code === 'ERR_SSL_WRONG_VERSION_NUMBER' || /wrong version number|disconnected before secure TLS connection was established/i.test(message)) return NOT_TLS;
    failure = (failure.cause ?? failure.error) as Failure | undefined;
  }
  return undefined;
}
