import { webDarkTheme, webLightTheme, type Theme } from "@fluentui/react-components";

/** Relative luminance (0 dark … 1 light) of a "#RRGGBB" colour; null when it cannot be read. */
function luminance(color: string | undefined): number | null {
  const m = color ? /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color.trim()) : null;
  if (!m) return null;
  const [r, g, b] = [m[1], m[2], m[3]].map((h) => parseInt(h, 16) / 255);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** The Fluent theme that matches Office's: dark when the Office body background is dark. */
export function themeForOffice(officeTheme: { bodyBackgroundColor?: string } | undefined): Theme {
  const l = luminance(officeTheme?.bodyBackgroundColor);
  return l !== null && l < 0.5 ? webDarkTheme : webLightTheme;
}
