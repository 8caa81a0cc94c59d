/** Where the issuer sends the browser back (redirect_uri): `<base>callback`. */
export function isCallback(path = location.pathname, base = import.meta.env.BASE_URL): boolean {
  return path === `${base}callback`;
}
