"use strict";
exports.id = 396;
exports.ids = [396];
exports.modules = {

/***/ 4396:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  STS_TIMEOUT_MS: () => (/* binding */ STS_TIMEOUT_MS),
  assumeRoleWithOidc: () => (/* binding */ assumeRoleWithOidc),
  describeOidcRole: () => (/* binding */ describeOidcRole)
});

// UNUSED EXPORTS: ID_TOKEN_REQUEST_URL, createOidcProvider

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 11 modules
var core = __webpack_require__(730);
// EXTERNAL MODULE: ./node_modules/@alicloud/credentials/dist/src/providers/oidc_role_arn.js
var oidc_role_arn = __webpack_require__(2847);
var oidc_role_arn_default = /*#__PURE__*/__webpack_require__.n(oidc_role_arn);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
;// CONCATENATED MODULE: ./src/credentials/token-file.ts
/**
 * The ID token file must not outlive the step, also when the job is cancelled: the runner sends SIGINT, then SIGTERM,
 * and Node's default for both is to exit at once, skipping every `finally`. While the file exists, a handler removes
 * it synchronously and then lets the signal take its default course (the process ends as it would have).
 */

const SIGNALS = ['SIGINT', 'SIGTERM'];
/** guardFile removes `path` if the process is signalled before the returned `unguard` is called. */
function guardFile(path) {
    const handler = (signal) => {
        unguard();
        (0,external_node_fs_.rmSync)(path, { force: true });
        // With our handlers gone, the signal's default action ends the process with the usual status (128 + signal).
        process.kill(process.pid, signal);
    };
    const unguard = () => {
        for (const signal of SIGNALS)
            process.removeListener(signal, handler);
    };
    for (const signal of SIGNALS)
        process.once(signal, handler);
    return unguard;
}

// EXTERNAL MODULE: ./src/inputs/endpoint.ts
var endpoint = __webpack_require__(9352);
// EXTERNAL MODULE: ./src/common/errors.ts
var errors = __webpack_require__(1922);
// EXTERNAL MODULE: ./src/common/interop.ts
var interop = __webpack_require__(2776);
// EXTERNAL MODULE: ./src/common/proxy.ts
var proxy = __webpack_require__(1709);
// EXTERNAL MODULE: ./src/credentials/oidc-error.ts
var oidc_error = __webpack_require__(7506);
// EXTERNAL MODULE: ./src/common/retry.ts
var common_retry = __webpack_require__(9183);
;// CONCATENATED MODULE: ./src/credentials/sts-retry.ts
/**
 * The STS exchange under the one retry policy (common/retry.ts): throttling, 5xx, dropped connections and timeouts are
 * tried again within the step's deadline and max-attempts, with one log line per retry; refusals of the token, the
 * role or the provider never are. AssumeRoleWithOIDC changes nothing, so another attempt is always safe, and the same
 * ID token serves every attempt (it is valid for minutes).
 */


/** The STS operation's name in retry lines. */
const OPERATION = 'AssumeRoleWithOIDC';
/** stsRetryFailure returns what the retry policy reads of an OidcError: a configuration error is a client refusal. */
function stsRetryFailure(error) {
    return {
        operation: OPERATION,
        kind: error.kind === 'configuration' ? 'client' : error.kind,
        code: error.code,
        ...(error.requestId ? { requestId: error.requestId } : {}),
        ...(error.httpStatus === undefined ? {} : { httpStatus: error.httpStatus })
    };
}
/**
 * retryExchange returns what `attempt` resolves to, calling it again under the policy after each OidcError that is
 * retryable; `attempt` gets the time the call may take (its timeout, cut to the time left before the deadline). Throws
 * the last OidcError, with why the retries stopped when they did; anything else that is thrown passes through at once.
 */
async function retryExchange(attempt, timeoutMs, retry) {
    let throttled = 0;
    for (let n = 1;; n++) {
        try {
            return await attempt(Math.max(1, Math.min(timeoutMs, retry.deadline.remainingMs())));
        }
        catch (error) {
            if (!(error instanceof oidc_error/* OidcError */.u) || error.stage !== 'sts')
                throw error;
            const failure = stsRetryFailure(error);
            const plan = (0,common_retry/* planRetry */.M$)(failure, n, retry, throttled);
            if (!plan.retry) {
                if (plan.reason === 'not-retryable')
                    throw error;
                const why = plan.reason === 'attempts'
                    ? `gave up after ${n} attempts`
                    : `gave up after ${n} attempt${n === 1 ? '' : 's'}: the step's time limit (${retry.deadline.label}) leaves no time for another`;
                throw new oidc_error/* OidcError */.u({ ...details(error), gaveUp: why }, error.context);
            }
            retry.log((0,common_retry/* retryLine */.Rn)(failure, n, retry.maxAttempts, plan.waitMs, 'retrying', throttled));
            if ((0,common_retry/* isThrottling */.E2)(failure))
                throttled += 1;
            await retry.sleep(plan.waitMs);
        }
    }
}
function details(error) {
    const { stage, kind, code, detail, requestId, hint, httpStatus } = error;
    return { stage, kind, code, detail, requestId, hint, httpStatus };
}
/**
 * withAnswerStatus returns the provider with a getSession whose failures carry the HTTP status of STS's answer as
 * `statusCode` (stsFailure reads it): the library's own errors name none, and a 429 or 503 is then classified by its
 * status whatever its body. It reads the status at the library's transport seam (`doRequest`), and changes nothing
 * when this library version has none.
 */
function withAnswerStatus(provider) {
    const seam = provider;
    const send = seam.doRequest;
    if (typeof send !== 'function')
        return provider;
    let status;
    seam.doRequest = async (request) => {
        const response = await send.call(provider, request);
        status = typeof response?.statusCode === 'number' ? response.statusCode : undefined;
        return response;
    };
    return {
        getSession: async () => {
            status = undefined;
            try {
                return await provider.getSession();
            }
            catch (error) {
                if (status !== undefined && typeof error === 'object' && error !== null)
                    Object.assign(error, { statusCode: status });
                throw error;
            }
        }
    };
}

;// CONCATENATED MODULE: ./src/credentials/oidc.ts













/** STS_TIMEOUT_MS bounds the connection and the answer of AssumeRoleWithOIDC (the library's own defaults are 5 s / 10 s). */
const STS_TIMEOUT_MS = 10_000;
/** ID_TOKEN_REQUEST_URL is set by the runner only for jobs granted `permissions: id-token: write`. */
const ID_TOKEN_REQUEST_URL = 'ACTIONS_ID_TOKEN_REQUEST_URL';
const DEFAULT_DEPS = {
    getIDToken: (audience) => core.getIDToken(audience),
    setSecret: (secret) => core.setSecret(secret),
    env: process.env,
    createProvider: createOidcProvider
};
/**
 * assumeRoleWithOidc gets the job's GitHub ID token for `role.audience`, writes it to an owner-only file under
 * RUNNER_TEMP, exchanges it through `@alicloud/credentials` (`oidc_role_arn`) for STS credentials (under `retry`, the
 * retry policy, when given), deletes the file (on failure too) and returns the masked credentials. Throws OidcError
 * (no ID token, STS refusal with its Code and RequestId, network) whose message never contains the token.
 */
async function assumeRoleWithOidc(options, overrides = {}) {
    const deps = { ...DEFAULT_DEPS, ...overrides };
    const { timeoutMs = STS_TIMEOUT_MS, retry, ...role } = options;
    // Before the ID token is asked for: a malformed proxy variable fails here (InputError), and the transport loads meanwhile.
    const proxied = (0,proxy/* routeThroughProxy */.Hp)(role.stsEndpoint, deps.env);
    proxied?.catch(() => undefined);
    const idToken = await requestIdToken(role.audience, deps);
    const tokenFile = (0,external_node_path_.join)(deps.env.RUNNER_TEMP || (0,external_node_os_.tmpdir)(), `wuying-ota-oidc-${(0,external_node_crypto_.randomUUID)()}.jwt`);
    const unguard = guardFile(tokenFile);
    const dispose = () => {
        unguard();
        return (0,promises_.rm)(tokenFile, { force: true });
    };
    let credentials;
    try {
        await writeTokenFile(tokenFile, idToken);
        await proxied;
        // One ID token and one token file serve every attempt: the token is valid for minutes.
        const attempt = (ms) => exchange(role, tokenFile, idToken, deps, ms);
        credentials = await (retry ? retryExchange(attempt, timeoutMs, retry) : attempt(timeoutMs));
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
        await (0,promises_.writeFile)(path, idToken, { mode: 0o600, flag: 'wx' });
    }
    catch (error) {
        const detail = `cannot write ${path}: ${error.code ?? (0,errors/* errorMessage */.gJ)(error)}`;
        throw new oidc_error/* OidcError */.u({
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
        throw new oidc_error/* OidcError */.u({
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
        const detail = (0,errors/* errorMessage */.gJ)(error).replace(/\s+/g, ' ').trim();
        throw new oidc_error/* OidcError */.u({ stage: 'id-token', kind: 'network', code: 'IdTokenRequestFailed', detail }, where);
    }
    // Masked first, before it is checked, written or sent anywhere.
    if (typeof idToken === 'string' && idToken !== '')
        deps.setSecret(idToken);
    if (typeof idToken !== 'string' || idToken.trim() === '') {
        throw new oidc_error/* OidcError */.u({ stage: 'id-token', kind: 'invalid-response', code: 'IdTokenEmpty', detail: 'the runner returned an empty ID token' }, where);
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
        if (error instanceof oidc_error/* OidcError */.u)
            throw error;
        throw (0,oidc_error/* stsFailure */.f)(error, { ...role, idToken });
    }
    const { accessKeyId, accessKeySecret, securityToken, expiration } = session;
    for (const value of [accessKeyId, accessKeySecret, securityToken])
        deps.setSecret(value);
    return Object.freeze({ accessKeyId, accessKeySecret, securityToken, expiration: String(expiration ?? '') });
}
// The provider's own module, not the package's index, which requires every provider the library has.
const OIDCRoleArnCredentialsProvider = (0,interop/* commonJsDefault */.S)((oidc_role_arn_default()));
/**
 * createOidcProvider returns `@alicloud/credentials`' OIDCRoleArnCredentialsProvider built explicitly from the config
 * (never the default chain, which probes ECS metadata); for a loopback `http://` STS endpoint it is switched to HTTP.
 */
function createOidcProvider(config) {
    const provider = OIDCRoleArnCredentialsProvider.builder()
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
    return withAnswerStatus(provider);
}
/**
 * useLoopbackHttp sends the provider's STS request over plain HTTP. The provider hard-codes `https` and keeps its
 * transport in the `doRequest` field (the library's own test seam); only a loopback host may be reached this way.
 */
function useLoopbackHttp(provider, host) {
    const seam = provider;
    const send = seam.doRequest;
    const where = `cannot reach STS at http://${host}`;
    if (!(0,endpoint/* isLoopbackHost */.cW)(new URL(`http://${host}`).hostname)) {
        throw new oidc_error/* OidcError */.u({
            stage: 'sts',
            kind: 'configuration',
            code: 'InsecureEndpoint',
            detail: 'http:// is only for loopback hosts',
            hint: 'use https://'
        }, where);
    }
    if (typeof send !== 'function') {
        const detail = 'this version of @alicloud/credentials offers no way to call STS over http://';
        throw new oidc_error/* OidcError */.u({ stage: 'sts', kind: 'configuration', code: 'HttpNotSupported', detail, hint: 'use an https:// sts-endpoint' }, where);
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
;