export const id = 434;
export const ids = [434];
export const modules = {

/***/ 6434:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   STS_TIMEOUT_MS: () => (/* binding */ STS_TIMEOUT_MS),
/* harmony export */   assumeRoleWithOidc: () => (/* binding */ assumeRoleWithOidc),
/* harmony export */   describeOidcRole: () => (/* binding */ describeOidcRole)
/* harmony export */ });
/* unused harmony exports ID_TOKEN_REQUEST_URL, createOidcProvider */
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6421);
/* harmony import */ var _alicloud_credentials__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(477);
/* harmony import */ var _alicloud_credentials__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(_alicloud_credentials__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_4___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_4__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_5___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_5__);
/* harmony import */ var _endpoint_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(3150);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(3916);
/* harmony import */ var _oidc_error_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(6373);









/** STS_TIMEOUT_MS bounds the connection and the answer of AssumeRoleWithOIDC (the library's own defaults are 5 s / 10 s). */
const STS_TIMEOUT_MS = 10_000;
/** ID_TOKEN_REQUEST_URL is set by the runner only for jobs granted `permissions: id-token: write`. */
const ID_TOKEN_REQUEST_URL = 'ACTIONS_ID_TOKEN_REQUEST_URL';
const DEFAULT_DEPS = {
    getIDToken: (audience) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .getIDToken */ .V9(audience),
    setSecret: (secret) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setSecret */ .Pq(secret),
    env: process.env,
    createProvider: createOidcProvider
};
/**
 * assumeRoleWithOidc gets the job's GitHub ID token for `role.audience`, writes it to an owner-only file under
 * RUNNER_TEMP, exchanges it once through `@alicloud/credentials` (`oidc_role_arn`) for STS credentials, deletes the file
 * (on failure too) and returns the masked credentials. Throws OidcError (no ID token, STS refusal with its Code and
 * RequestId, network) whose message never contains the token.
 */
async function assumeRoleWithOidc(options, overrides = {}) {
    const deps = { ...DEFAULT_DEPS, ...overrides };
    const { timeoutMs = STS_TIMEOUT_MS, ...role } = options;
    const idToken = await requestIdToken(role.audience, deps);
    const tokenFile = (0,node_path__WEBPACK_IMPORTED_MODULE_5__.join)(deps.env.RUNNER_TEMP || (0,node_os__WEBPACK_IMPORTED_MODULE_4__.tmpdir)(), `wuying-ota-oidc-${(0,node_crypto__WEBPACK_IMPORTED_MODULE_2__.randomUUID)()}.jwt`);
    const dispose = () => (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_3__.rm)(tokenFile, { force: true });
    let credentials;
    try {
        await writeTokenFile(tokenFile, idToken);
        credentials = await exchange(role, tokenFile, idToken, deps, timeoutMs);
    }
    catch (error) {
        await dispose().catch(() => undefined);
        throw error;
    }
    await dispose();
    return { credentials, dispose };
}
async function writeTokenFile(path, idToken) {
    try {
        // `wx`: never follow or reuse something already at that path; 0600: readable by the runner's user only.
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_3__.writeFile)(path, idToken, { mode: 0o600, flag: 'wx' });
    }
    catch (error) {
        const detail = `cannot write ${path}: ${error.code ?? (0,_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .errorMessage */ .gJ)(error)}`;
        throw new _oidc_error_js__WEBPACK_IMPORTED_MODULE_8__/* .OidcError */ .u({
            stage: 'id-token',
            kind: 'configuration',
            code: 'TokenFileNotWritten',
            detail,
            hint: 'RUNNER_TEMP must be a writable directory'
        }, 'failed to store the GitHub OIDC ID token');
    }
}
async function requestIdToken(audience, deps) {
    const where = `failed to get the GitHub OIDC ID token for audience "${audience}"`;
    if (!deps.env[ID_TOKEN_REQUEST_URL]) {
        throw new _oidc_error_js__WEBPACK_IMPORTED_MODULE_8__/* .OidcError */ .u({
            stage: 'id-token',
            kind: 'configuration',
            code: 'IdTokenPermissionMissing',
            detail: `the workflow does not grant this job \`permissions: id-token: write\` (${ID_TOKEN_REQUEST_URL} is not set)`,
            hint: 'add `permissions: { id-token: write, contents: read }` to the job or workflow; pull requests from forks never get an ID token'
        }, where);
    }
    let idToken;
    try {
        idToken = await deps.getIDToken(audience);
    }
    catch (error) {
        const detail = (0,_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .errorMessage */ .gJ)(error).replace(/\s+/g, ' ').trim();
        throw new _oidc_error_js__WEBPACK_IMPORTED_MODULE_8__/* .OidcError */ .u({ stage: 'id-token', kind: 'network', code: 'IdTokenRequestFailed', detail }, where);
    }
    // Masked first, before it is checked, written or sent anywhere.
    if (typeof idToken === 'string' && idToken !== '')
        deps.setSecret(idToken);
    if (typeof idToken !== 'string' || idToken.trim() === '') {
        throw new _oidc_error_js__WEBPACK_IMPORTED_MODULE_8__/* .OidcError */ .u({ stage: 'id-token', kind: 'invalid-response', code: 'IdTokenEmpty', detail: 'the runner returned an empty ID token' }, where);
    }
    return idToken;
}
async function exchange(role, tokenFile, idToken, deps, timeoutMs) {
    let session;
    try {
        const provider = deps.createProvider({
            roleArn: role.roleArn,
            oidcProviderArn: role.oidcProviderArn,
            oidcTokenFilePath: tokenFile,
            roleSessionName: role.roleSessionName,
            durationSeconds: role.durationSeconds,
            stsEndpoint: role.stsEndpoint,
            timeoutMs
        });
        session = await provider.getSession();
    }
    catch (error) {
        if (error instanceof _oidc_error_js__WEBPACK_IMPORTED_MODULE_8__/* .OidcError */ .u)
            throw error;
        throw (0,_oidc_error_js__WEBPACK_IMPORTED_MODULE_8__/* .stsFailure */ .f)(error, { ...role, idToken });
    }
    const { accessKeyId, accessKeySecret, securityToken, expiration } = session;
    for (const value of [accessKeyId, accessKeySecret, securityToken])
        deps.setSecret(value);
    return Object.freeze({ accessKeyId, accessKeySecret, securityToken, expiration: String(expiration ?? '') });
}
/**
 * createOidcProvider returns `@alicloud/credentials`' OIDCRoleArnCredentialsProvider built explicitly from the config
 * (never the default chain, which probes ECS metadata); for a loopback `http://` STS endpoint it is switched to HTTP.
 */
function createOidcProvider(config) {
    const provider = _alicloud_credentials__WEBPACK_IMPORTED_MODULE_1__.OIDCRoleArnCredentialsProvider.builder()
        .withRoleArn(config.roleArn)
        .withOIDCProviderArn(config.oidcProviderArn)
        .withOIDCTokenFilePath(config.oidcTokenFilePath)
        .withRoleSessionName(config.roleSessionName)
        .withDurationSeconds(config.durationSeconds)
        .withStsEndpoint(config.stsEndpoint.host)
        .withReadTimeout(config.timeoutMs)
        .withConnectTimeout(config.timeoutMs)
        .build();
    if (config.stsEndpoint.protocol === 'HTTP')
        useLoopbackHttp(provider, config.stsEndpoint.host);
    return provider;
}
/**
 * useLoopbackHttp sends the provider's STS request over plain HTTP. The provider hard-codes `https` and keeps its
 * transport in the `doRequest` field (the library's own test seam); only a loopback host may be reached this way.
 */
function useLoopbackHttp(provider, host) {
    const seam = provider;
    const send = seam.doRequest;
    const where = `cannot reach STS at http://${host}`;
    if (!(0,_endpoint_js__WEBPACK_IMPORTED_MODULE_6__/* .isLoopbackHost */ .cW)(new URL(`http://${host}`).hostname)) {
        throw new _oidc_error_js__WEBPACK_IMPORTED_MODULE_8__/* .OidcError */ .u({
            stage: 'sts',
            kind: 'configuration',
            code: 'InsecureEndpoint',
            detail: 'http:// is only for loopback hosts',
            hint: 'use https://'
        }, where);
    }
    if (typeof send !== 'function') {
        const detail = 'this version of @alicloud/credentials offers no way to call STS over http://';
        throw new _oidc_error_js__WEBPACK_IMPORTED_MODULE_8__/* .OidcError */ .u({ stage: 'sts', kind: 'configuration', code: 'HttpNotSupported', detail, hint: 'use an https:// sts-endpoint' }, where);
    }
    seam.doRequest = (request) => send.call(provider, Object.assign(request, { protocol: 'http' }));
}
/** describeOidcRole returns the log line for the OIDC source: role, session name and expiry, never a credential value. */
function describeOidcRole(role, credentials) {
    const session = `session ${role.roleSessionName}${role.roleSessionNameIsDefault ? ' (default from the run)' : ''}`;
    const until = credentials?.expiration ? `, valid until ${credentials.expiration}` : '';
    return `STS token from OIDC role ${role.roleArn} (${session}, ${role.durationSeconds} s${until}) via ${role.stsEndpoint.protocol.toLowerCase()}://${role.stsEndpoint.host}`;
}


/***/ })

};
