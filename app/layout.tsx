import type { Metadata, Viewport } from "next";
import { THEME_BOOT_SCRIPT } from "@/lib/client/theme-script";
import { HistorySidebar } from "@/components/history/history-sidebar";
import "./globals.css";

export const metadata: Metadata = {
  title: "Fathom — deep research",
  description: "Plan, search, read, compute and write a cited report, streamed live.",
  // Inline icon: no extra request, no 404 in the console.
  icons: {
    icon: "data:image/svg+xml," + encodeURIComponent(
      '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="8" fill="#4f46e5"/><text x="16" y="22" font-family="system-ui,sans-serif" font-size="18" font-weight="700" fill="#fff" text-anchor="middle">F</text></svg>',
    ),
  },
};

export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#fafafa" },
    { media: "(prefers-color-scheme: dark)", color: "#09090b" },
  ],
};

export default function RootLayout({ children }: Readonly<{ children: React.ReactNode }>) {
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        <script dangerouslySetInnerHTML={{ __html: THEME_BOOT_SCRIPT }} />
      </head>
      <body className="min-h-dvh font-sans">
        <div className="flex min-h-dvh">
          <HistorySidebar />
          <div className="min-w-0 flex-1">{children}</div>
        </div>
      </body>
    </html>
  );
}
