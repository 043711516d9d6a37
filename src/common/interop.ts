/**
 * The class a CommonJS package exports as `exports.default` (the client libraries are TypeScript compiled to
 * CommonJS): a default import of the package is that class in the ncc bundle, but the whole module object under
 * Node and jest.
 */
export function commonJsDefault<M extends { default: unknown }>(module: M): M['default'] {
  return (typeof module === 'function' ? module : module.default) as M['default']
}
