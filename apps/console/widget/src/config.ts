/** What the embedding `<script>` tells the widget, read without touching the DOM. */
export interface WidgetOptions {
  channelId: string;
  /** The gateway, e.g. `https://chat.example.com` or `https://example.com/support` behind a proxy. */
  gateway: Gateway;
  lang: string | null;
  title: string | null;
  /** A CSS colour the site chose for the launcher and the customer's bubbles. */
  color: string | null;
}

export interface Gateway {
  /** Scheme, host and port. */
  origin: string;
  /** A path prefix the gateway is served under ('' at the root). */
  prefix: string;
}

/**
 * The gateway's base from the widget script's own URL: `<base>/widget/widget.js` → `<base>`.
 * A script somewhere else is taken as served from its folder's parent.
 */
export function gatewayFromScript(src: string): Gateway {
  const url = new URL(src);
  const folder = url.pathname.replace(/\/[^/]*$/, '');
  const prefix = folder.replace(/\/[^/]*$/, '');
  return { origin: url.origin, prefix };
}

export const gatewayUrl = (gateway: Gateway, path: string): string =>
  `${gateway.origin}${gateway.prefix}${path}`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Hex (#rgb, #rrggbb), rgb()/hsl() or a colour keyword: never anything that could end a CSS rule. */
export function safeColor(value: string | null | undefined): string | null {
  const color = value?.trim();
  if (!color) return null;
  if (/^#([0-9a-f]{3}|[0-9a-f]{6})$/i.test(color)) return color;
  if (/^(rgb|hsl)a?\([\d\s.,%/deg]+\)$/i.test(color)) return color;
  if (/^[a-z]{3,20}$/i.test(color)) return color;
  return null;
}

/** Readable text on a hex background: white on dark colours, near-black on light ones (WCAG luminance). */
export function textOn(color: string): string {
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color)?.[1];
  if (!hex) return '#ffffff';
  const full = hex.length === 3 ? [...hex].map((digit) => digit + digit).join('') : hex;
  const [r, g, b] = [0, 2, 4].map((at) => {
    const channel = parseInt(full.slice(at, at + 2), 16) / 255;
    return channel <= 0.04045 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  });
  const luminance = 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  // Contrast against white is 1.05 / (L + 0.05); against #111 it is (L + 0.05) / 0.0556.
  return 1.05 / (luminance + 0.05) >= (luminance + 0.05) / 0.0556 ? '#ffffff' : '#111111';
}

/** The script tag's src and data-* attributes → options, or why the widget cannot start. */
export function readOptions(
  src: string,
  data: Record<string, string | undefined>,
): WidgetOptions | { error: string } {
  const channelId = data.channel?.trim() ?? '';
  if (!UUID.test(channelId))
    return { error: 'data-channel must be the web chat channel id (a UUID)' };
  let gateway: Gateway;
  try {
    gateway = gatewayFromScript(src);
  } catch {
    return { error: `cannot tell the gateway from the script's src (${src})` };
  }
  return {
    channelId: channelId.toLowerCase(),
    gateway,
    lang: data.lang?.trim() || null,
    title: data.title?.trim() || null,
    color: safeColor(data.color),
  };
}
