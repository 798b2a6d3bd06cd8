/** Set in the content scripts' world by `runOnPortalPage`: the page has its script already. */
export const INJECTED_MARK = '__mesDonneesSanteContentScript';
