# The grammar of math as people write it, in LaTeX or plain text.
#
# Top-down, one nonterminal per precedence level. The token stream comes from src/parse/lexer.ts,
# which has already dropped white space and spacing commands, so no rule here mentions them.
# Postprocessors only build a concrete syntax tree (src/parse/cst.ts); meaning — whether
# `f(x)` is an application or a product, whether a \frac is a derivative — is decided when
# the tree is lowered (src/parse/lower.ts), so the grammar stays unambiguous.
#
# Juxtaposition: an implicit product is a run of items. A function name without parentheses
# takes the longest run of atoms after it as its argument (`\ln 2x` is ln(2x), `y \ln a` is
# y·ln(a)), and after such an argument only another function may follow (`\ln a \ln b`).
# A function name directly followed by a parenthesised group takes just that group
# (`\tanh(z)(1-\tanh(z))` is a product of two factors). A function name followed by another
# function takes that application (`\log\cosh(x)`, `\ln \ln x`). Implicit products bind
# tighter than explicit `\cdot`, `*` and `/` (`1/2x` is 1/(2x)).

@preprocessor typescript
@lexer lexer

@{%
import { lexer } from '../cst.js';
import * as c from '../cst.js';
%}

doc       -> rows                                        {% c.doc %}
           | %begin rows %end                            {% c.env %}

rows      -> row                                         {% c.list %}
           | rows %nl row                                {% c.appendRow %}

row       -> null                                        {% c.emptyRow %}
           | %relop:? chain %relop:?                     {% c.row %}

chain     -> noted                                       {% c.chainStart %}
           | chain %relop noted                          {% c.chainNext %}

noted     -> expr                                        {% c.first %}
           | noted note                                  {% c.annotate %}
           | noted %evalbar %underscore %lbrace expr %relop expr %rbrace  {% c.evalAt %}

note      -> %text                                       {% c.noteText %}
           | %lbrack %text %rbrack                       {% c.noteBracketed %}
           | %lparen %text %rparen                       {% c.noteBracketed %}

expr      -> expr %plus signed                           {% c.binary %}
           | expr %minus signed                          {% c.binary %}
           | signed                                      {% c.first %}

signed    -> %minus signed                               {% c.negate %}
           | %plus signed                                {% c.negate %}
           | product                                     {% c.first %}

# `2 * -1` and `a / -b`: a sign after an explicit operator belongs to the one factor after it.
product   -> product %times jux                          {% c.binary %}
           | product %odot jux                           {% c.binary %}
           | product %otimes jux                         {% c.binary %}
           | product %divide jux                         {% c.binary %}
           | product %times %minus jux                   {% c.binarySigned %}
           | product %divide %minus jux                  {% c.binarySigned %}
           | jux                                         {% c.first %}

jux       -> open                                        {% c.jux %}
           | bare                                        {% c.jux %}

# A run that may be followed by anything.
open      -> atom                                        {% c.list %}
           | pcall                                       {% c.list %}
           | open atom                                   {% c.push %}
           | open pcall                                  {% c.push %}
           | bare pcall                                  {% c.push %}

# A run that ends in a function applied without parentheses.
bare      -> bcall                                       {% c.list %}
           | open bcall                                  {% c.push %}
           | bare bcall                                  {% c.push %}

pcall     -> fhead patom                                 {% c.parenCall %}
           | fhead %lcurly clist %rcurly                 {% c.curlyCall %}
bcall     -> fhead args                                  {% c.bareCall %}
           | fhead pcall                                 {% c.nestedCall %}
           | fhead bcall                                 {% c.nestedCall %}
args      -> natom                                       {% c.list %}
           | bighead                                     {% c.list %}
           | args atom                                   {% c.push %}

fhead     -> %fname                                      {% c.token %}
           | %opname                                     {% c.token %}
           | fhead script                                {% c.scripted %}

atom      -> patom                                       {% c.first %}
           | natom                                       {% c.first %}
           | wrapped                                     {% c.first %}
           | bighead                                     {% c.first %}

# `\sum_{k=1}^{K}`, `\sum_k`, `\prod_{i}`: the head of a sum, which takes the rest of its term
# as its body, implicit and written products alike, up to a `+` or `-` (decided when lowering).
# A sum written without its index (`\sum^{n}`, `\sum_{}`) is read, to be refused when lowering.
bighead   -> %nabla %underscore sarg                     {% c.gradHead %}
           | %bigop                                      {% c.bigHead %}
           | %bigop bigsub                               {% c.bigHead %}
           | %bigop bigsub %caret sarg                   {% c.bigHead %}
           | %bigop %caret sarg bigsub                   {% c.bigHeadSupFirst %}
           | %bigop %caret sarg                          {% c.bigHeadSupOnly %}

# `_k`, `_{k}`, `_{k=1}`, `_{i,j}`, `_{i,j=1}`: the indices, and where they start.
bigsub    -> %underscore %ident                          {% c.bigIndex %}
           | %underscore %lbrace indices %rbrace         {% c.bigIndex %}
           | %underscore %lbrace indices %relop expr %rbrace  {% c.bigIndex %}
           | %underscore %lbrace %rbrace                 {% c.bigIndex %}

indices   -> %ident                                      {% c.list %}
           | indices %comma %ident                       {% c.pushAfterComma %}

# Decorations take a label, never a script: `\underbrace{…}_{m}`.
# A box may hold a whole relation: `\boxed{\sigma'(z) = \sigma(z)(1-\sigma(z))}`.
wrapped   -> %wrap %lbrace chain %rbrace                 {% c.wrap %}
           | %wrap %lbrace chain %rbrace %underscore label  {% c.wrapLabel %}
           | %wrap %lbrace chain %rbrace %caret label    {% c.wrapLabel %}

patom     -> paren                                       {% c.first %}
           | patom script                                {% c.scripted %}

natom     -> primary                                     {% c.first %}
           | natom script                                {% c.scripted %}

script    -> %underscore sarg                            {% c.sub %}
           | %caret sarg                                 {% c.sup %}
           | %caret %top                                 {% c.transpose %}
           | %caret %lbrace %top %rbrace                 {% c.transpose %}
           | %prime                                      {% c.prime %}
           | %caret %prime                               {% c.prime %}
           | %caret %lbrace %prime %rbrace               {% c.prime %}

# `x^(1/2)` and `a^[1]` are plain-text spellings of `x^{1/2}` and `a^{[1]}`.
# `w^{*}`, `w^+`: a mark on the name (the optimum, the updated weight), never a power.
sarg      -> %lbrace list %rbrace                        {% c.braced %}
           | %times                                      {% c.token %}
           | %plus                                       {% c.token %}
           | %lbrace %times %rbrace                      {% c.markScript %}
           | %lbrace %plus %rbrace                       {% c.markScript %}
           | %lbrace %text %rbrace                       {% c.textScript %}
           | %text                                       {% c.textScript %}
           | paren                                       {% c.bracedGroup %}
           | %lbrack expr %rbrack                        {% c.bracedGroup %}
           | %number                                     {% c.token %}
           | %ident                                      {% c.token %}
           | %greek                                      {% c.token %}
           | %minus %number                              {% c.negate %}
           | %minus %ident                               {% c.negate %}

paren     -> %lparen list %rparen                        {% c.group %}

primary   -> %number                                     {% c.token %}
           | %dots                                       {% c.token %}
           | %ident                                      {% c.token %}
           | %greek                                      {% c.token %}
           | %partial                                    {% c.token %}
           | %lbrack list %rbrack                        {% c.group %}
           | %lbrace expr %rbrace                        {% c.group %}
           | %lcurly expr %rcurly                        {% c.group %}
           | %bar expr %bar                              {% c.group %}
           | %dbar expr %dbar                            {% c.group %}
           | %ldbar expr %rdbar                          {% c.group %}
           | %lvert expr %rvert                          {% c.group %}
           | %frac farg farg                             {% c.frac %}
           | %sqrt farg                                  {% c.sqrt %}
           | %sqrt paren                                 {% c.sqrt %}
           | %sqrt %lbrack expr %rbrack farg             {% c.root %}
           | %accent farg                                {% c.accent %}
           | %accent farg %lbrack expr %relop expr %rbrack  {% c.indicator %}
           | %accent farg %lparen expr %relop expr %rparen  {% c.indicator %}
           | %accent farg %lcurly expr %relop expr %rcurly  {% c.indicator %}
           | %begin cases %end                           {% c.cases %}
           | %matrix entries %end                        {% c.matrix %}

farg      -> %lbrace expr %rbrace                        {% c.braced %}
           | %number                                     {% c.token %}
           | %ident                                      {% c.token %}
           | %greek                                      {% c.token %}
           | %partial                                    {% c.token %}

label     -> %lbrace row %rbrace                         {% c.braced %}
           | %lbrace %text %rbrace                       {% c.braced %}
           | %ident                                      {% c.token %}
           | %number                                     {% c.token %}

list      -> expr                                        {% c.list %}
           | list %comma expr                            {% c.pushAfterComma %}

# Two or more, as the arguments of `\max\{0, x\}` (one alone in `\{…\}` is a group).
clist     -> list %comma expr                            {% c.pushAfterComma %}

cases     -> case                                        {% c.list %}
           | cases %nl case                              {% c.pushAfterComma %}
           | cases %nl                                   {% c.first %}

case      -> expr %comma:? %amp condition                {% c.caseRow %}

# `\begin{pmatrix} a & b \\ c & d \end{pmatrix}`: rows of entries.
entries   -> entryrow                                    {% c.list %}
           | entries %nl entryrow                        {% c.pushAfterComma %}
           | entries %nl                                 {% c.first %}

entryrow  -> expr                                        {% c.list %}
           | entryrow %amp expr                          {% c.pushAfterComma %}

condition -> %text                                       {% c.condText %}
           | %text:? chain                               {% c.condChain %}
           | %text:? chain %text                         {% c.condChain %}
