/**
 * The smallest group a ranking, a colour or a highlighted point may rest on. Below it an indicator's
 * interval is so wide that its place in a list is noise: such groups are shown apart, unranked, and
 * their points and changes are marked as small samples (README, "How the numbers are kept honest").
 */
export const MIN_RANKED_N = 30;

export function enoughToRank(n: number | null | undefined): boolean {
  return (n ?? 0) >= MIN_RANKED_N;
}
