/** Set in the content scripts' world by `runOnPortalPage`: the page has its script already. */
export const INJECTED_MARK = '__mesDonneesSanteContentScript';

/** Set in the same world by a channel portal's second script: its saves, by portal (./channel-hook.ts). */
export const CHANNELS_MARK = '__mesDonneesSanteChannels';
