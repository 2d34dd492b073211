/** The pure engine: the oracle for every number LeadFlow writes. */
export * from "./settingsIndex";
export * from "./columnTable";
export * from "./score";
export * from "./conversion";
export * from "./activity";
export * from "./alerts";
export * from "./columns";
export * from "./review";
export * from "./all";
export * from "./losses";
export * from "./trend";
export * from "./leadAmount";
export * from "./forecast";
export * from "./figureText";
export * from "./scoring";
export * from "./dashboard";
export * from "./insightColumns";
