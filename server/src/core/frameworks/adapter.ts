/**
 * What each framework folder provides to `analyze()`: how its files become a value
 * for the schema, which nested values validate against another schema, and how the
 * value becomes a ServingPlan. A new framework is a new folder implementing this.
 */
import type { Host } from '../host';
import type { Modeline } from '../modeline';
import type { ServingPlan } from '../plan';
import type { ValueWithOrigins } from '../schema/value';
import type { Finding, SchemaId, Settings, SourceNode } from '../types';

export interface AdapterInput {
  root: SourceNode | null;
  schema: SchemaId;
  text: string;
  settings: Settings;
  modeline?: Modeline;
  /** Files next to the document that its framework reads too, by the path it names them with. */
  companions?: Record<string, string>;
}

export interface FrameworkAdapter {
  /** Noun used in schema messages: "vLLM argument", "Triton field". */
  noun: string;
  /** Severity and consequence of an unknown key, by schema (default: error). */
  unknownKey?(schema: SchemaId): { severity: 'error' | 'warning'; consequence?: string } | undefined;
  /** Common wrong key names → the right one, for "did you mean". */
  synonyms?: Record<string, string>;
  /** Tree → value; may report findings such as duplicate keys. */
  toValue(input: AdapterInput, findings: Finding[]): ValueWithOrigins;
  /** Renders a canonical key as the user spells it, for messages and fixes. */
  speller?(input: AdapterInput): (canonical: string) => string;
  plan?(input: AdapterInput, value: ValueWithOrigins): ServingPlan | undefined;
  /** The companions of a document on the host (files beside it that the plan reads), when the caller gave none. */
  companions?(uri: string, text: string, host: Host): Record<string, string> | undefined;
}
