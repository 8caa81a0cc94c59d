import type { IndicatorSection as SectionOver, SectionInput as SectionInputOver } from "@percorsi/indicators";
import type { Queryable } from "../db/database.js";

// @percorsi/indicators leaves the store a section reads open; in a subgraph it is the kit's.

/** What a section's events are read for: its store, the cohort, the years, its organisations. */
export type SectionInput = SectionInputOver<Queryable>;
/** One field of `IndicatorReport`: a subgraph's indicators on one theme, read from its own store. */
export type IndicatorSection = SectionOver<Queryable>;
