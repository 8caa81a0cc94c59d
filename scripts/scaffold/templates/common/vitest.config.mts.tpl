import { sharedConfig } from "../../vitest.shared.mts";

export default sharedConfig;
