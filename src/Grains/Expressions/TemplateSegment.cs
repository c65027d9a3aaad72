namespace OrleansFlows.Grains.Expressions;

/// <summary>A piece of a template: literal text, or the expression inside a <c>{{ }}</c> hole.</summary>
/// <param name="Text">The literal text, or the hole's expression without its braces.</param>
/// <param name="IsHole">Whether <paramref name="Text"/> is an expression.</param>
/// <param name="Position">Where the piece starts in the template (for a hole, its opening braces), from 0.</param>
internal readonly record struct TemplateSegment(string Text, bool IsHole, int Position);
