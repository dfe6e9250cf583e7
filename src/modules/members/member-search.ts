import { documentTokens } from '../../common/search/search-tokens';

/** What the directory search reads of a member. */
export interface DirectoryText {
  displayName: string;
  company: string;
  showCompany: boolean;
  expertise: readonly string[];
}

/**
 * The directory's stored tokens of a member: their name, their company while they show it,
 * and their expertise (Chinese and English, the tokenizer of posts); the name's own tokens
 * rank a match in the name first.
 */
export function directoryTokens(member: DirectoryText): {
  searchTokens: string[];
  nameTokens: string[];
} {
  return {
    searchTokens: documentTokens(
      member.displayName,
      member.showCompany ? member.company : '',
      ...member.expertise,
    ),
    nameTokens: documentTokens(member.displayName),
  };
}
