"use strict";
exports.id = 702;
exports.ids = [702];
exports.modules = {

/***/ 6702:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   connectOctokit: () => (/* binding */ connectOctokit)
/* harmony export */ });
/* harmony import */ var _actions_github__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(157);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3116);
/**
 * GitHubRest on Octokit, through `@actions/github`'s getOctokit (the runner's proxy settings and GITHUB_API_URL
 * honoured). The only module that imports `@actions/github`, and itself imported only with `import()` when a record
 * is asked for: a run without `deployment-environment` never loads Octokit.
 */


/** Octokit's own log lines would bypass the log funnel; what matters reaches the user as a GitHubError instead. */
const SILENT = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
/** LIST_PAGE is how many of the newest matching deployments a listing reads (a retried create looks for its own there). */
const LIST_PAGE = 30;
/** connectOctokit returns the GitHubRest of `options.repo` as `options.token`, mapping every failure to a GitHubError. */
function connectOctokit(options, now = Date.now) {
    // No `request` option here: it would replace the proxy-aware fetch that getOctokit sets up. Signals go per call.
    const octokit = (0,_actions_github__WEBPACK_IMPORTED_MODULE_0__/* .getOctokit */ .Q)(options.token, { baseUrl: options.apiUrl, log: SILENT, userAgent: 'wuying-ota-action' });
    const { owner, repo } = options;
    const mapped = async (call) => {
        try {
            return await call();
        }
        catch (error) {
            throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .toGitHubError */ .Lg)(error, now());
        }
    };
    return {
        createDeployment: (body, signal) => mapped(async () => {
            const { payload, required_contexts, ...rest } = body;
            const response = await octokit.rest.repos.createDeployment({
                owner,
                repo,
                ...rest,
                required_contexts: [...required_contexts],
                payload: payload,
                request: { signal }
            });
            const data = response.data;
            const id = typeof data === 'object' && data !== null && 'id' in data ? data.id : undefined;
            if (typeof id !== 'number') {
                // 202: GitHub merged or would merge the default branch first; with auto_merge false this should not happen.
                throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .toGitHubError */ .Lg)({ status: response.status, response: { headers: response.headers, data } }, now());
            }
            return id;
        }),
        listDeployments: (query, signal) => mapped(async () => {
            const response = await octokit.rest.repos.listDeployments({
                owner,
                repo,
                ...query,
                per_page: LIST_PAGE,
                request: { signal }
            });
            return response.data.map((d) => ({ id: d.id, payload: d.payload }));
        }),
        createStatus: (deploymentId, body, signal) => mapped(async () => {
            await octokit.rest.repos.createDeploymentStatus({
                owner,
                repo,
                deployment_id: deploymentId,
                ...body,
                request: { signal }
            });
        })
    };
}


/***/ })

};
;