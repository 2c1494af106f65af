/**
 * A request's tensor does not fit the model: wrong name, datatype, shape or values. `input` names
 * the offending input (or the request field, such as 'rows', when no single input is to blame),
 * and the message says what was expected, so it can go back to the client as a 400 verbatim.
 */
export class TensorInputError extends Error {
  constructor(
    readonly input: string,
    message: string,
  ) {
    super(message);
    this.name = 'TensorInputError';
  }
}

/** The model declares an input or output this codec cannot serve (a map, float16...). */
export class UnsupportedModelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsupportedModelError';
  }
}
