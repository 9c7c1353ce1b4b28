/**
 * The syntax the engine reasons about where line patterns fall short: calls, with what they are called on, whether
 * they are thrown, and the names their arguments use (identifiers, members, object and dictionary keys, names inside
 * string interpolations — never the plain text of string literals). A parser behind the `SyntaxParser` port (tree-sitter
 * in src/syntax/) builds it; the engine only reads it, so it stays pure.
 */
import type { Language } from "../files/languages.js";
import type { ResourceBlock } from "../matchers/blocks/types.js";

export interface SyntaxName {
  text: string;
  /** 1-based line. */
  line: number;
  /** What a member is read from (`patient` in `patient.dob`): the rules match the member, not its owner. */
  owner?: boolean;
  /**
   * For a member, the last name of what it is read from: `descriptor` in `descriptor.getFullName()`,
   * `getDescriptorForType` in `message.getDescriptorForType().getFullName()`.
   */
  of?: string;
  /** A key naming a value (`{dob: …}`, `row["ssn"]`, tracing's `dob = %…`), not a value itself. */
  key?: boolean;
  /**
   * A key whose value is a record serialised whole (`"encounters": [p.dict() for p in batch]`, `"sent_subscriber":
   * req.model_dump()`): what the key names is what the whole value is, not a field of it.
   */
  whole?: boolean;
  /**
   * Read inside the arguments of a call nested in this one that is neither a conversion nor a serialiser
   * (`len(patients)`, `patient_ref(patient, salt)`): what reaches the outer call is that call's result.
   */
  wrapped?: boolean;
  /**
   * Not a name the call reads but a word of the declaration of the parameter it hands on whole under this name
   * (`RequestBody` and `RenewalRequest`, declared by `request` in `@RequestBody RenewalRequest request`).
   */
  declaredBy?: string;
  /**
   * A word a string uses to say what a value is (`SSN` in `f"SSN {x}"` and `"SSN %s"`, `DateOfBirth` in
   * `"born {DateOfBirth}"`), read as a key; it counts only when nothing else the call reads does.
   */
  label?: boolean;
  /**
   * Read in a value a same-file helper handed to the call returns (syntax/helpers.ts): it says what that argument
   * holds, not how the call treats the others — a helper's own hashing (`_anon_id(user)` returning a `sha256` of the
   * user) does not make the properties beside it pseudonymous.
   */
  returned?: boolean;
  /**
   * A name read through an assignment's value that the function itself assigned a literal to above (`payload` of
   * `alert = json.dumps(payload)` after `payload = {"AlarmName": …}`): a value built here, not a record received, so
   * its name alone does not make it one (`records`); its fields' names still count.
   */
  built?: boolean;
}

export interface SyntaxCall {
  /** The code before the arguments: `logger.info`, `new IllegalArgumentException`, `analytics.track`, `dbg!`. */
  callee: string;
  /**
   * The callee read through the assignment of the name it starts with, when that name was last assigned from a call
   * above: `log.bind(request_id=rid).info` for `bound.info` after `bound = log.bind(request_id=rid)`; or the function
   * a runner is handed to call later (`analytics.track` in `background.add_task(analytics.track, user.email, …)`).
   */
  via?: string;
  /** 1-based lines the call spans. */
  startLine: number;
  endLine: number;
  /** Thrown or raised (`throw new E(...)`, `raise E(...)`), or an error constructed to be returned or raised. */
  thrown: boolean;
  /** Names in the arguments, in order. */
  names: SyntaxName[];
}

/**
 * Which calls the caller can use, from the code before the arguments (or the callee read through an assignment, `via`)
 * and whether it is thrown: the parser reads the names of the arguments (most of its work) only for those; the others
 * are left out of the answer. A filter takes a thrown call wherever it takes the same call not thrown (so a parser
 * need not ask whether a call is thrown when the filter would not take it thrown).
 */
export type CallFilter = (callee: string, thrown: boolean) => boolean;

/** Parses a whole file into its calls; a port, so the engine never loads a parser itself. */
export interface SyntaxParser {
  /** Whether `language` (for a file at `path`) has a parser; loads it on first use. */
  load(language: Language, path: string): Promise<boolean>;
  /**
   * The calls of a file's content that span one of `lines` (all calls without it), once `load` answered true;
   * undefined when the file could not be parsed or read within the parser's bounds.
   */
  calls(language: Language, path: string, content: string, lines?: ReadonlySet<number>, want?: CallFilter): SyntaxCall[] | undefined;
  /**
   * A Terraform file's top-level `resource` blocks (or `variable` blocks, a module's inputs) read by a real HCL
   * parser, once `load("terraform", …)` answered true; undefined when the file does not parse cleanly (the engine's
   * line-based finder reads it then).
   */
  resources?(content: string, keyword?: "resource" | "variable"): ResourceBlock[] | undefined;
}
