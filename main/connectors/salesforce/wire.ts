// What Salesforce sends, as types (contracts/salesforce-api.md). Shared by the
// connector and the fake server so both speak the same shapes.

export const SALESFORCE = 'Salesforce';
export const API_VERSION = 'v62.0';

export interface RecordAttributes {
  type: string;
  url?: string;
}

export interface RoleWire {
  Id: string;
  Name: string;
  DeveloperName: string;
  ParentRoleId: string | null;
}

export interface UserWire {
  Id: string;
  Name: string;
  Email: string | null;
  IsActive: boolean;
  /** 'Standard', 'PowerPartner', 'CsnOnly', 'Guest', ... */
  UserType: string;
  UserRoleId: string | null;
}

/** A User row of the directory query: the role comes nested, or null. */
export interface UserRow extends UserWire {
  UserRole: { attributes?: RecordAttributes; Name: string } | null;
}

export interface QueryAnswer<T> {
  totalSize: number;
  done: boolean;
  nextRecordsUrl?: string;
  records: T[];
}

export interface TokenAnswer {
  access_token: string;
  instance_url: string;
  id?: string;
  token_type?: string;
  issued_at?: string;
  signature?: string;
  refresh_token?: string;
  scope?: string;
}

/** REST API errors come as an array of these. */
export interface ApiErrorWire {
  message: string;
  errorCode: string;
  fields?: string[];
}

/** OAuth endpoint errors. */
export interface OAuthErrorWire {
  error: string;
  error_description?: string;
}
