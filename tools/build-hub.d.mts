/** Types of tools/build-hub.mjs for the bench that calls it. */
export declare const HUB_OUT: string;
export declare const HUB_ENTRY: string;
export declare function sourceHash(inputs: string[]): string;
export declare function ensureBuilt(names?: ('renderer' | 'hub')[]): Promise<string[]>;
