export declare const LAYERS: Record<string, string[]>;
export declare function importBoundaries(): unknown[];
