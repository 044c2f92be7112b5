/**
 * What the playground shows before anything is typed: a derivation with one slip to find (the
 * inner derivative's minus sign is lost); the steps after it follow from what is written.
 */
export const EXAMPLE = `# The derivative of the sigmoid

$$\\sigma(z) = \\frac{1}{1+e^{-z}}$$

Write it as a power and use the chain rule:

$$\\frac{d\\sigma}{dz} = \\frac{d}{dz}\\left(1+e^{-z}\\right)^{-1}$$

$$= -\\left(1+e^{-z}\\right)^{-2} \\cdot e^{-z}$$

$$= -\\frac{1}{1+e^{-z}} \\cdot \\frac{e^{-z}}{1+e^{-z}}$$

$$= -\\sigma(z)\\left(1-\\sigma(z)\\right)$$
`;
