/**
 * The names a call's arguments read: identifiers and member names, object and dictionary keys (string keys too),
 * and expressions interpolated into strings — never the plain text of a string literal. Each name says whether it
 * is what a member is read from (`patient` in `patient.dob`), a key naming a value, or read inside another call
 * that is neither a conversion nor a serialiser (`len(patients)`, `patient_ref(patient, salt)`), whose result —
 * not the name — is what the outer call receives.
 */
import type Parser from "web-tree-sitter";
import type { SyntaxName } from "../engine/syntax/model.js";
import { allowListed } from "./allow-lists.js";
import { formatLabels, labelBefore } from "./labels.js";
import { tokenTreeNames } from "./token-tree.js";
import { ARGUMENTS, argumentsOf, calleeOf, CALLS, CONSTRUCTIONS, CONVERSIONS, nameOf, parentOf, passesThrough, tallies, visit, type ReadState, type Walk } from "./walk.js";

const NAMES = /identifier$|^name$|^constant$|^simple_identifier$|^variable_name$|^shorthand_property_identifier$/;
const STRINGS = /string|str_text|encapsed|template|heredoc|char_literal/;
/** The literal pieces of a string (never read as names). */
const STRING_PARTS = /string|content|escape|fragment|_start$|_end$|^text$|format|ERROR/;
const INTERPOLATIONS = /interpol|substitution/;
/** A string that holds interpolations (C#'s `$"…{x}"`), not an interpolation inside one. */
const INTERPOLATED_STRINGS = /^interpolated_string/;
/** Reading an element by a key (`row["ssn"]`, `$patient['dob']`): the key is read as a name. */
const SUBSCRIPTS = /^(subscript|subscript_expression|element_access_expression|index_expression|element_reference|bracket_argument_list|indexing_suffix)$/;
/** Setting an element by a key in an initializer (C#'s `["dob"] = …`): everything in it is the key. */
const KEY_HOLDERS = /^(element_binding_expression|implicit_element_access)$/;
/** Member reads: the first child is what the member is read from. */
const MEMBERS = /member|field_access|field_expression|attribute|selector_expression|navigation_expression|scoped_identifier|qualified_name|method_invocation|^call$|conditional_access|optional_chain|scoped_call|^dot$/;
/** Calls that read a value by its key (`form.get("dob")`, `params.getString("mrn")`, `request.getParameter("ssn")`). */
const GETTERS = /(^|[.>:])(get|getAll|getString|getParameter|getItem|getValue|getOrDefault|get_?value|fetch|dig|value_?of)$/;
const PAIRS = /^(pair|dictionary_literal|keyword_argument|named_argument|key_value_pair|value_argument|array_element_initializer)$/;
/**
 * Calls that give back the fields their string arguments name: `$student->only(['first_name', 'dob'])`,
 * `_.pick(patient, ['ssn'])`, `patient.slice(:dob)`, `Patient.pluck(:mrn)`, Django's `values_list("dob")`.
 */
const SELECTORS = /(^|[.>:])(only|pick|slice|pluck|values_?list)$/;
/** A field named by a selector's argument: a string, or a Ruby symbol. */
const FIELD_NAMES = /string|^simple_symbol$/;
/** A comprehension's clauses (Python): the iterable and the filter, not the element handed on. */
const COMPREHENSION_CLAUSES = /^(for_in_clause|if_clause)$/;
/** At most this many fields read from one selector's arguments. */
const MAX_SELECTED = 32;

/** The strings and symbols a selector's arguments name, directly or in one list (`['first_name', 'dob']`). */
function selectedFields(args: Parser.SyntaxNode): Parser.SyntaxNode[] {
  const out: Parser.SyntaxNode[] = [];
  const take = (node: Parser.SyntaxNode, depth: number) => {
    for (let i = 0; i < node.namedChildCount && out.length < MAX_SELECTED; i++) {
      const child = node.namedChild(i)!;
      if (FIELD_NAMES.test(child.type) && (child.type === "simple_symbol" || isPlainString(child))) out.push(child);
      else if (depth < 3 && !CALLS.has(child.type)) take(child, depth + 1);
    }
  };
  take(args, 0);
  return out;
}

/**
 * The key of a pair written `key => value` whose grammar names no key field (PHP's `'ssn' => $x` in an array): its
 * first child, when `=>` stands between the two.
 */
function arrowKey(node: Parser.SyntaxNode, walk: Walk): Parser.SyntaxNode[] {
  if (node.namedChildCount !== 2) return [];
  const [key, value] = [node.namedChild(0)!, node.namedChild(1)!];
  return walk.source.slice(key.endIndex, value.startIndex).includes("=>") ? [key] : [];
}

/** Whether a string node is only text: no interpolation, no value inside it. */
function isPlainString(node: Parser.SyntaxNode): boolean {
  return node.namedChildren.every((c) => STRING_PARTS.test(c.type) && !INTERPOLATIONS.test(c.type));
}

/** A string read as a key: its text without the quotes and punctuation around it (`"dob"` → `dob`). */
function keyText(node: Parser.SyntaxNode): string {
  return node.text.replace(/^[^A-Za-z0-9_]+|[^A-Za-z0-9_]+$/g, "");
}

/**
 * Climbs from a node through wrappers that hold only it (`patient!!`, `(patient)`, `$patient`); never out of a call's
 * arguments (`message` of `str(message)` is handed to `str`, not read from it, where a grammar calls both `call`).
 */
function climb(node: Parser.SyntaxNode): { child: Parser.SyntaxNode; parent: Parser.SyntaxNode | null } {
  let child = node;
  let parent = parentOf(node);
  while (parent && parent.namedChildCount === 1 && !MEMBERS.test(parent.type) && !SUBSCRIPTS.test(parent.type) && !ARGUMENTS.has(parent.type)) {
    child = parent;
    parent = parentOf(parent);
  }
  return { child, parent };
}

/**
 * Whether a name is read from rather than read: `patient` in `patient.dob`, `$patient->ssn`, `row["ssn"]`; and a
 * member whose value is read further (`Patient` in `res.Patient.ID`; not a member called, `get_dob` in
 * `patient.get_dob()`), unless what follows keeps the value (`dob` in `patient.dob.isoformat()` is still the date of
 * birth) or serialises it whole (`job.patient.model_dump()`).
 */
function isOwner(node: Parser.SyntaxNode): boolean {
  const { child, parent } = climb(node);
  if (!parent || parent.namedChildCount < 2 || !(MEMBERS.test(parent.type) || SUBSCRIPTS.test(parent.type))) return false;
  // the record itself, serialised whole (`patient.to_dict()`, `patient.model_dump()`), is read as the record
  if (parent.namedChild(0)!.id === child.id) return !(MEMBERS.test(parent.type) && serialises(parent.namedChild(1)!.text.replace(/^[.?!:]+/, "")));
  if (!MEMBERS.test(parent.type)) return false;
  const outer = climb(parent);
  // (Elixir reads a member as a call of one child, `patient.dob` inside `call`: nothing is read from it further)
  if (!outer.parent || !MEMBERS.test(outer.parent.type) || outer.parent.namedChildCount < 2 || outer.parent.namedChild(0)!.id !== outer.child.id) return false;
  const next = outer.parent.namedChild(1);
  // a member called is read for its result, not read from (Python's `patient.get_dob()` holds the member inside the
  // call, as Java's method call does: `getBirthDate` of `patient.getBirthDate()` is the date of birth)
  if (next && ARGUMENTS.has(next.type) && CALLS.has(outer.parent.type)) return false;
  // (nor what serialises it whole: `job.patient.model_dump()` is the patient record, as `patient.model_dump()` is)
  const read = next?.text.replace(/^[.?!:]+/, "");
  return !(read !== undefined && (CONVERSIONS.test(read) || serialises(read)));
}

/** Members that turn a whole record into a dictionary or a serialised form of its fields (`to_dict`, `model_dump`, `toJSON`). */
const FIELD_SERIALISERS = /^(to_?dict|model_?dump\w*|dict|as_?dict|_asdict|to_?hash|to_?h|attributes|to_?array|to_?json|as_?json|serializ\w*)$/i;
/**
 * …or into its text (`toString()`, Ruby's `inspect`: a data class's or record's prints every field), which serialises
 * the record too, but not a key's value whole (`ToString()` of an id is the id).
 */
const serialises = (member: string) => FIELD_SERIALISERS.test(member) || /^(to_?string|to_s|inspect)$/i.test(member);

/**
 * Calls that give a whole record's fields: a member serialiser (`p.dict()`, `req.model_dump()`, `visit.to_h`,
 * `claim.toJSON()`, `$claim->toArray()`), or a function of one (`asdict(p)`, `jsonable_encoder(p)`).
 */
const MEMBER_OF_CALLEE = /(?:\.|->|::)\s*(\w+)$/;
const WHOLE_FUNCTIONS = /^((dataclasses\.)?asdict|jsonable_encoder|model_to_dict)$/;
const givesFields = (callee: string) => FIELD_SERIALISERS.test(MEMBER_OF_CALLEE.exec(callee)?.[1] ?? "") || WHOLE_FUNCTIONS.test(callee);
/** At most this many nodes of a pair's value are looked through for such a call. */
const MAX_VALUE_NODES = 40;

/**
 * Whether a pair's value is a record serialised whole, as it is or item by item (`[p.dict() for p in batch]`,
 * `patients.map((p) => p.toJSON())`): then the pair's key says what the whole value is.
 */
function serialisedWhole(value: Parser.SyntaxNode, walk: Walk): boolean {
  const stack = [value];
  for (let seen = 0; stack.length > 0 && seen < MAX_VALUE_NODES; seen++) {
    const node = stack.pop()!;
    const args = CALLS.has(node.type) ? argumentsOf(node) : undefined;
    if (args !== undefined) {
      const callee = calleeOf(node, args, walk);
      if (givesFields(callee)) return true;
    }
    for (let i = 0; i < node.namedChildCount; i++) stack.push(node.namedChild(i)!);
  }
  return false;
}

/** How far down a chain of members and calls the owner's last name is looked for (`a.b().c` → `b`). */
const MAX_OWNER_STEPS = 8;

/**
 * The last name of what a member is read from: `descriptor` in `descriptor.getFullName()`, `getDescriptorForType`
 * in `m.getDescriptorForType().getFullName()`; undefined for a name that is not a member.
 */
function ownerName(node: Parser.SyntaxNode): string | undefined {
  const { child, parent } = climb(node);
  if (!parent || !MEMBERS.test(parent.type) || parent.namedChildCount < 2 || parent.namedChild(0)!.id === child.id) return undefined;
  let object: Parser.SyntaxNode | null = parent.namedChild(0);
  for (let step = 0; object && step < MAX_OWNER_STEPS; step++) {
    if (NAMES.test(object.type) && object.namedChildCount === 0) return object.text;
    if (!MEMBERS.test(object.type) && !CALLS.has(object.type) && object.namedChildCount !== 1) return undefined;
    // The member's name is its last named child that is not an argument list (`b` in `a.b(…)`); a call's is its callee.
    let last: Parser.SyntaxNode | null = null;
    for (let i = object.namedChildCount - 1; i >= 0 && !last; i--) if (!ARGUMENTS.has(object.namedChild(i)!.type)) last = object.namedChild(i);
    object = last;
  }
  return undefined;
}

/** Names are read from at most this many nodes of one call's arguments (the calls inside are read on their own). */
const MAX_ARGUMENT_NODES = 2_000;
/** At most this many names per call. */
const MAX_NAMES = 256;

/**
 * Names in an argument list: identifiers, keys (string keys too), and what strings interpolate. With `value`, `args` is
 * one expression whose value is what is handed on (an assignment's right side): a call there is read as a call inside
 * the arguments, and `state` is where the name it was assigned to was read.
 */
export function namesIn(args: Parser.SyntaxNode, walk: Walk, value?: { state: ReadState }): SyntaxName[] {
  const out: SyntaxName[] = [];
  const budget = { seen: 0 };
  const stack: { node: Parser.SyntaxNode; state: ReadState }[] = [{ node: args, state: value?.state ?? { key: false, wrapped: false } }];
  const push = (node: Parser.SyntaxNode, state: ReadState) => stack.push({ node, state });
  while (stack.length > 0 && out.length < MAX_NAMES && budget.seen < MAX_ARGUMENT_NODES) {
    const { node, state } = stack.pop()!;
    budget.seen++;
    visit(walk);
    if (node.type === "token_tree") {
      // A macro's or attribute's arguments (Rust): a flat run of tokens, read by their neighbours.
      tokenTreeNames(node, state, walk, out, push, budget);
      continue;
    }
    if (STRINGS.test(node.type) && (!INTERPOLATIONS.test(node.type) || INTERPOLATED_STRINGS.test(node.type))) {
      // A string is read only as a key (`{"dob": …}`) or through its interpolations (`f"{patient.dob}"`).
      if (state.key) out.push(nameOf(keyText(node), node.startPosition.row + 1, state, false));
      // a format string's placeholders, labelled or named (`"SSN %s"`, `"DOB {}"`, `"born {DateOfBirth}"`)
      else if (isPlainString(node)) {
        const labels = formatLabels(node.text);
        const after = labels.length > 0 ? valuesAfter(node) : [];
        // each on the line of the value it labels, when the call spreads its values over lines; a label over a count
        // names how many, not the values (`"analytes=%d", len(result.analytes)`)
        for (const { label, value } of labels) if (!isTally(after[value], walk)) out.push({ ...nameOf(label, (after[value] ?? node).startPosition.row + 1, { key: true, wrapped: state.wrapped }, false), label: true });
      }
      for (let i = node.namedChildCount - 1; i >= 0; i--) {
        const child = node.namedChild(i)!;
        // Interpolations, however a grammar wraps them (PHP puts `$patient->ssn` straight into the string; Scala's
        // `s"…"` and Python's implicit concatenation hold strings inside a string).
        const nested = STRINGS.test(child.type) && child.namedChildCount > 0;
        if (INTERPOLATIONS.test(child.type) || nested || !STRING_PARTS.test(child.type)) {
          push(child, { ...state, key: false });
          // the word the string puts right before it labels the value, as a key does (`f"(SSN {nm1[9]})"`)
          const label = INTERPOLATIONS.test(child.type) || !nested ? labelBefore(walk.source, node.startIndex, child.startIndex) : undefined;
          if (label) out.push({ ...nameOf(label, child.startPosition.row + 1, { key: true, wrapped: state.wrapped }, false), label: true });
        }
      }
      continue;
    }
    if (node.type === "keyword" && node.namedChildCount === 0) {
      // Elixir's keyword-list key (`dob: patient.dob`): a key naming a value, written with its colon
      out.push(nameOf(node.text.replace(/:\s*$/, ""), node.startPosition.row + 1, { ...state, key: true }, false));
      continue;
    }
    if (COMPREHENSION_CLAUSES.test(node.type) && !state.wrapped) {
      // a comprehension's `for … in records` and `if …`: what it iterates and tests is not handed on, its element is
      // (`[e.id for e in payload.encounters]` hands on ids)
      push(node, { ...state, wrapped: true });
      continue;
    }
    const listed = allowListed(node, walk);
    if (listed) {
      // the condition is a test: what it reads is not handed on (as what a helper is given); its branches hand on an
      // allow-listed name only as one of the set's members
      const allowed = new Set([...(state.allowed ?? []), ...listed.names]);
      for (let i = node.namedChildCount - 1; i >= 0; i--) {
        const child = node.namedChild(i)!;
        push(child, child.id === listed.condition.id ? { ...state, wrapped: true } : { ...state, allowed });
      }
      continue;
    }
    if (NAMES.test(node.type) && node.namedChildCount === 0) {
      if (state.allowed?.has(node.text) && ownerName(node) === undefined) continue;
      const owner = isOwner(node);
      out.push(nameOf(node.text, node.startPosition.row + 1, state, owner, owner ? undefined : ownerName(node)));
      continue;
    }
    // A call inside the arguments: what its own arguments read reaches this call only through a conversion.
    const inner = (node.id !== args.id || value) && CALLS.has(node.type) ? argumentsOf(node) : undefined;
    const innerCallee = inner !== undefined ? calleeOf(node, inner, walk) : "";
    const wrapsInner = inner !== undefined && !state.wrapped && !CONSTRUCTIONS.has(node.type) && !passesThrough(innerCallee);
    // A count or a presence test hands on a number or a flag: what it reads is not handed on (`len(diagnoses)`), nor
    // the record it is called on (`result.size()`).
    const tallied = inner !== undefined && tallies(innerCallee);
    if (tallied) continue;
    // …but a getter's string argument names the value it gives back, as a subscript's key does (`form.get("dob")`);
    // not when a helper receives that value (`patient_ref(params.get("mrn"))`)
    const read = inner !== undefined && !state.wrapped && GETTERS.test(innerCallee) ? inner.namedChild(0) : null;
    if (read && STRINGS.test(read.type) && isPlainString(read)) out.push(nameOf(keyText(read), read.startPosition.row + 1, { key: true, wrapped: false }, false));
    // …and a selector's fields are what it gives back (`$student->only(['first_name', 'date_of_birth'])`)
    if (inner !== undefined && !state.wrapped && SELECTORS.test(innerCallee)) {
      for (const field of selectedFields(inner)) out.push(nameOf(keyText(field), field.startPosition.row + 1, { key: true, wrapped: false }, false));
    }
    // Swift's `forKey: "next_appointment_reason"` (Crashlytics' `setCustomValue(_:forKey:)`, UserDefaults, key-value
    // coding): the string names the value stored under it, as a dictionary's key does
    if (node.type === "value_argument") {
      const label = node.childForFieldName("name");
      const given = node.childForFieldName("value");
      if (label && given && /^(forKey|key)\s*:?$/.test(label.text) && STRINGS.test(given.type) && given.namedChildren.every((c) => !INTERPOLATIONS.test(c.type))) out.push(nameOf(keyText(given), given.startPosition.row + 1, { key: true, wrapped: false }, false));
    }
    // Keys of pairs and dictionaries, and names of named arguments: read even when written as strings.
    const keys = PAIRS.test(node.type)
      ? new Set([...node.childrenForFieldName("key"), ...node.childrenForFieldName("name"), ...arrowKey(node, walk)].map((k) => k.id))
      : SUBSCRIPTS.test(node.type) ? new Set(node.namedChildren.slice(1).map((k) => k.id)) : undefined;
    const allKeys = KEY_HOLDERS.test(node.type);
    // a pair whose value is a record serialised whole: its key names that record (`"encounters": [p.dict() …]`)
    const whole = PAIRS.test(node.type) && keys !== undefined && keys.size > 0 && node.namedChildren.some((c) => !keys.has(c.id) && serialisedWhole(c, walk));
    for (let i = node.namedChildCount - 1; i >= 0; i--) {
      const child = node.namedChild(i)!;
      const key = allKeys || (keys ? keys.has(child.id) : state.key);
      push(child, { ...state, key, wrapped: state.wrapped || (wrapsInner && child.id === inner.id), whole: keys?.has(child.id) ? whole : false });
    }
  }
  return out;
}

/** How many of the values after a format string its placeholders are matched with (`{99}` is the highest index read). */
const MAX_VALUES_AFTER = 100;

/**
 * The arguments after a format string, in order (at most MAX_VALUES_AFTER, so a call of many format strings is read in
 * linear time), when the string is itself an argument of a call (directly, or wrapped in one argument node as C# and
 * Kotlin wrap them); none otherwise.
 */
function valuesAfter(format: Parser.SyntaxNode): Parser.SyntaxNode[] {
  const up = parentOf(format);
  const argument = up && ARGUMENTS.has(up.type) ? format : up;
  const list = argument && parentOf(argument);
  if (!argument || !list || !ARGUMENTS.has(list.type)) return [];
  const values: Parser.SyntaxNode[] = [];
  for (let next = argument.nextNamedSibling; next && values.length < MAX_VALUES_AFTER; next = next.nextNamedSibling) {
    if (next.type !== "comment") values.push(next);
  }
  return values;
}

/** A count of something (`len(result.analytes)`, `count($rows)`, `items.length`, `list.Count`): a number, not the values. */
function isTally(node: Parser.SyntaxNode | undefined, walk: Walk): boolean {
  if (!node) return false;
  if (CALLS.has(node.type)) {
    const args = argumentsOf(node);
    return args !== undefined && tallies(calleeOf(node, args, walk));
  }
  return node.text.length <= 200 && /\.(length|Length|Count|size|count)$/.test(node.text);
}
