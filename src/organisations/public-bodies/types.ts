/** A public-sector body as people write its name: the name it uses, and the other names staff write. */
export interface PublicBody {
  /** The name the body uses for itself today, as its staff write it in a signature. */
  readonly name: string;
  /** Other names for the same body: its formal name, a Welsh, Gaelic or Irish name, a short form, unambiguous initials. */
  readonly also?: readonly string[];
}
