"use strict";
exports.id = 553;
exports.ids = [553];
exports.modules = {

/***/ 4553:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   TUNNEL_ERROR_CODE: () => (/* binding */ TUNNEL_ERROR_CODE),
/* harmony export */   TunnelError: () => (/* binding */ TunnelError),
/* harmony export */   installProxyTransport: () => (/* binding */ installProxyTransport),
/* harmony export */   uninstallProxyTransport: () => (/* binding */ uninstallProxyTransport)
/* harmony export */ });
/* harmony import */ var httpx__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6584);
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7067);
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_http__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_https__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4708);
/* harmony import */ var node_https__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_https__WEBPACK_IMPORTED_MODULE_2__);
/**
 * The proxy transport, loaded (dynamic import, from proxy.ts routeThroughProxy) only when a proxy applies to one of
 * the action's endpoints. Both client libraries send every request through the `httpx` package
 * (@alicloud/tea-typescript's doAction for the Wuying API, @alicloud/credentials' doRequest for STS), and neither
 * can be given a proxy or an agent: openapi-client copies RuntimeOptions' httpProxy / httpsProxy / noProxy into its
 * runtime, but tea-typescript 1.8's doAction never reads them, and it passes httpx an agent only of its own making.
 * So httpx.request, which both look up on the module at each call, is wrapped: a request a proxy applies to (per
 * the `choose` function, proxy.ts proxyFor) gets an agent that opens a CONNECT tunnel through the proxy, as
 * @actions/http-client does.
 */



/** TUNNEL_ERROR_CODE is the `code` of a proxy's refusal to open a tunnel (Node 24's own code for it). */
const TUNNEL_ERROR_CODE = 'ERR_PROXY_TUNNEL';
/**
 * TunnelError is every failure before a tunnel opened, so before any byte of the request was sent: `code` is the
 * connection's own (`ECONNREFUSED`...), `ETIMEDOUT`, or TUNNEL_ERROR_CODE when the proxy answered other than 200;
 * the message names the endpoint, the proxy's host:port and the cause, never the proxy's credentials.
 */
class TunnelError extends Error {
    code;
    proxy;
    name = 'TunnelError';
    constructor(message, code, 
    /** `host:port` of the proxy. */
    proxy) {
        super(message);
        this.code = code;
        this.proxy = proxy;
    }
}
// The CommonJS module object both libraries call through; its `request` is a plain writable property.
const transport = httpx__WEBPACK_IMPORTED_MODULE_0__;
let installed;
/** installProxyTransport routes each httpx request through the proxy `choose` picks for it; idempotent (the last `choose` wins). */
function installProxyTransport(choose) {
    if (installed !== undefined) {
        installed.choose = choose;
        return;
    }
    const state = { original: transport.request, choose, agents: new Map() };
    installed = state;
    transport.request = (url, options) => {
        const target = new URL(url);
        const proxy = state.choose(target);
        if (proxy === undefined)
            return state.original(url, options);
        // Always replace the agent: one the library made itself would connect directly.
        return state.original(url, { ...options, agent: agentFor(state.agents, proxy, target.protocol) });
    };
}
/** uninstallProxyTransport restores httpx and closes the tunnels; for tests. */
function uninstallProxyTransport() {
    if (installed === undefined)
        return;
    transport.request = installed.original;
    for (const agent of installed.agents.values())
        agent.destroy();
    installed = undefined;
}
/** One keep-alive agent per proxy and scheme, so that a run's calls share one tunnel as they share one connection without a proxy. */
function agentFor(agents, proxy, protocol) {
    const key = `${protocol} ${proxy.href}`;
    const agent = agents.get(key) ?? (protocol === 'https:' ? new HttpsTunnelAgent(proxy) : new HttpTunnelAgent(proxy));
    agents.set(key, agent);
    return agent;
}
/** TLS to the endpoint inside a CONNECT tunnel. */
class HttpsTunnelAgent extends node_https__WEBPACK_IMPORTED_MODULE_2__.Agent {
    proxy;
    constructor(proxy) {
        super({ keepAlive: true });
        this.proxy = proxy;
    }
    createConnection(options, callback) {
        openTunnel(this.proxy, options, (error, socket) => {
            if (error !== null || socket === undefined)
                return failed(callback, error);
            // https.Agent's own createConnection: TLS session reuse and the server name it computed, over the tunnel.
            callback?.(null, super.createConnection({ ...options, socket }));
        });
        return undefined;
    }
}
/** Plain HTTP inside a CONNECT tunnel (as @actions/http-client sends it), for an http:// endpoint a proxy applies to. */
class HttpTunnelAgent extends node_http__WEBPACK_IMPORTED_MODULE_1__.Agent {
    proxy;
    constructor(proxy) {
        super({ keepAlive: true });
        this.proxy = proxy;
    }
    createConnection(options, callback) {
        openTunnel(this.proxy, options, (error, socket) => error !== null || socket === undefined ? failed(callback, error) : callback?.(null, socket));
        return undefined;
    }
}
/** failed hands the Agent an error; Node reads no stream then. */
function failed(callback, error) {
    ;
    callback?.(error ?? new Error('no tunnel'));
}
function openTunnel(proxy, options, done) {
    const host = options.hostname ?? options.host ?? 'localhost';
    const authority = `${host.includes(':') ? `[${host}]` : host}:${options.port}`;
    const via = `${proxy.hostname}:${proxy.port || (proxy.protocol === 'https:' ? 443 : 80)}`;
    let settled = false;
    const fail = (cause, code) => {
        if (settled)
            return;
        settled = true;
        done(new TunnelError(`cannot open a tunnel to ${authority} through the proxy ${via}: ${cause}`, code, via));
    };
    const timeoutMs = typeof options.timeout === 'number' && options.timeout > 0 ? options.timeout : undefined;
    const connect = (proxy.protocol === 'https:' ? node_https__WEBPACK_IMPORTED_MODULE_2__.request : node_http__WEBPACK_IMPORTED_MODULE_1__.request)({
        host: proxy.hostname.replace(/^\[(.*)\]$/, '$1'),
        port: proxy.port || (proxy.protocol === 'https:' ? 443 : 80),
        method: 'CONNECT',
        path: authority,
        headers: { host: authority, ...proxyAuthorization(proxy) },
        agent: false,
        ...(timeoutMs === undefined ? {} : { timeout: timeoutMs })
    });
    connect.once('connect', (response, socket, head) => {
        // From here on the request's own timeouts (httpx's connect and read timers) watch the socket.
        socket.setTimeout(0);
        if (response.statusCode !== 200) {
            socket.destroy();
            fail(`HTTP ${response.statusCode} ${response.statusMessage ?? ''}`.trim(), TUNNEL_ERROR_CODE);
            return;
        }
        if (head.length > 0)
            socket.unshift(head);
        settled = true;
        done(null, socket);
    });
    connect.once('timeout', () => {
        fail(`no answer within ${(timeoutMs ?? 0) / 1000} s`, 'ETIMEDOUT');
        connect.destroy();
    });
    connect.once('error', (error) => fail(error.message, error.code ?? 'ECONNRESET'));
    connect.end();
}
function proxyAuthorization(proxy) {
    if (proxy.username === '' && proxy.password === '')
        return {};
    const pair = `${decode(proxy.username)}:${decode(proxy.password)}`;
    return { 'proxy-authorization': `Basic ${Buffer.from(pair).toString('base64')}` };
}
function decode(text) {
    try {
        return decodeURIComponent(text);
    }
    catch {
        return text;
    }
}


/***/ })

};
;