// The theme boot script for the root layout's <head> (a server component may import this; theme.ts is client-only).
export const THEME_KEY = "fathom.theme";

/** Applies a stored light/dark choice before first paint, so there is no flash. */
export const THEME_BOOT_SCRIPT = `try{var t=localStorage.getItem(${JSON.stringify(THEME_KEY)});if(t==="dark"||t==="light")document.documentElement.classList.add(t)}catch(e){}`;
