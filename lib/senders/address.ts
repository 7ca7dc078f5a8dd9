/** "host:port" with IPv6 addresses in brackets, for messages and targets. */
export function hostPort(host: string, port: number): string {
  return `${host.includes(':') ? `[${host}]` : host}:${port}`;
}
