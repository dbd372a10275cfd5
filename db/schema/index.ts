export * from "./comuni";
export * from "./aggregations";
export * from "./themes";
export * from "./runs";
export * from "./settings";
export * from "./auth";
export * from "./calls";
