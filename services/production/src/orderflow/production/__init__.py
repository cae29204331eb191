"""OrderFlow production: Work centers and capacity, bills of materials, capacity and material
assessments, production plans, tasks with responsible people, progress and QC (R-3.1,
R-4.1–R-4.3).
"""
