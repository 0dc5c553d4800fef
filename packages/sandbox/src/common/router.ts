/**
 * A route table: method + path pattern → handler, one line per route. Patterns use `{name}` for a
 * path segment captured as a parameter (`/v3/customer/{customer_id}`).
 */

export interface RouteDef<H> {
  /** A stable name, used by fault scripts and tests (the spec's operation number where it has one). */
  readonly id: string
  readonly method: string
  readonly path: string
  readonly handler: H
}

export type RouteMatch<H> =
  | { readonly kind: 'found'; readonly route: RouteDef<H>; readonly params: Record<string, string> }
  | { readonly kind: 'wrongMethod' }
  | { readonly kind: 'none' }

interface Compiled<H> {
  readonly route: RouteDef<H>
  readonly segments: readonly string[]
}

const split = (path: string): string[] => path.split('/').filter((s) => s.length > 0)

const isParam = (segment: string): boolean => segment.startsWith('{') && segment.endsWith('}')

export class Router<H> {
  private readonly compiled: readonly Compiled<H>[]

  constructor(routes: readonly RouteDef<H>[]) {
    this.compiled = routes.map((route) => ({ route, segments: split(route.path) }))
  }

  get routes(): readonly RouteDef<H>[] {
    return this.compiled.map((c) => c.route)
  }

  match(method: string, path: string): RouteMatch<H> {
    const parts = split(path)
    let pathMatched = false
    // Literal segments win over parameters, so `/v3/customer/export` is not `/v3/customer/{id}`.
    let best: { route: RouteDef<H>; params: Record<string, string>; literals: number } | null = null
    for (const { route, segments } of this.compiled) {
      if (segments.length !== parts.length) continue
      const params: Record<string, string> = {}
      let literals = 0
      let ok = true
      for (let i = 0; i < segments.length && ok; i++) {
        const seg = segments[i] as string
        const part = parts[i] as string
        if (isParam(seg)) params[seg.slice(1, -1)] = decodeURIComponent(part)
        else if (seg === part) literals++
        else ok = false
      }
      if (!ok) continue
      pathMatched = true
      if (route.method !== method) continue
      if (best === null || literals > best.literals) best = { route, params, literals }
    }
    if (best !== null) return { kind: 'found', route: best.route, params: best.params }
    return pathMatched ? { kind: 'wrongMethod' } : { kind: 'none' }
  }
}

/** One route per row: `[id, method, path, handler]`. */
export type RouteRow<H> = readonly [id: string, method: string, path: string, handler: H]

export const routeTable = <H, R>(
  rows: readonly RouteRow<H>[],
  wrap: (handler: H) => R,
): RouteDef<R>[] =>
  rows.map(([id, method, path, handler]) => ({ id, method, path, handler: wrap(handler) }))
